export * from './domain-errors';
export * from './validation';
export * from './http-exception.filter';
export * from './database-errors';
export * from './rpc-error';
