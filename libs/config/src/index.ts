export * from './load-settings';
export * from './service-settings';
