export * from '@cp/pki';
export { laPermissions } from '@cp/contract';
