import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '@cp/database';
import type { NodeSettings } from '../config/node-settings';
import { NODE_ENTITIES } from './entities';
import { NODE_MIGRATIONS } from './migrations';

/** The node's PostgreSQL: every entity and the committed migrations, for the app and for its commands. */
export function nodeDatabase(settings: NodeSettings): DynamicModule {
  return TypeOrmModule.forRoot({
    ...databaseOptions({
      url: settings.DATABASE_URL,
      entities: NODE_ENTITIES,
      migrations: NODE_MIGRATIONS,
    }),
    // With a separate owner role, migrations ran as the owner before start (database/owner-migrations.ts).
    migrationsRun: !settings.DATABASE_OWNER_URL,
  });
}
