export * from './database-options';
export * from './ensure-database';
