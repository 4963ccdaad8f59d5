export * from './locator-tokens';
export * from './sealed-message';
