export * from './locator-tokens';
export * from './sealed-message';
export * from './locator-material';
export * from './query-bundle';
export * from './tolerant-material';
