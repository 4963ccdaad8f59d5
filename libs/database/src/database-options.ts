import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { IdsOnlyQueryLogger } from './ids-only-query-logger';

export interface DatabaseOptionsInput {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Name of the migrations table, so a node and a hub could share one server safely. */
  migrationsTableName?: string;
  poolSize?: number;
}

/** TypeORM options for a service database: migrations only, never synchronize. */
export function databaseOptions(input: DatabaseOptionsInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    entities: input.entities,
    migrations: input.migrations,
    migrationsTableName: input.migrationsTableName ?? 'schema_migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'warn', 'migration'],
    logger: new IdsOnlyQueryLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: input.poolSize ?? 10, application_name: 'contactpoint' },
  };
}
