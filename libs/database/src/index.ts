export * from './database-options';
export * from './ensure-database';
export * from './ids-only-query-logger';
export * from './fixed-window';
export * from './group-commit';
