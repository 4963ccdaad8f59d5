import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '@cp/database';
import type { HubSettings } from '../config/hub-settings';
import { HUB_ENTITIES } from './entities';
import { HUB_MIGRATIONS } from './migrations';

/** The hub's database: every entity, migrations run on start. The app and the one-off commands share it. */
export function hubDatabaseModule(settings: HubSettings): DynamicModule {
  return TypeOrmModule.forRoot(
    databaseOptions({ url: settings.DATABASE_URL, entities: HUB_ENTITIES, migrations: HUB_MIGRATIONS }),
  );
}
