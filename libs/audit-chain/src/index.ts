export type { JsonValue as CanonicalValue } from '@cp/canonical-json';
export * from './hash-chain';
