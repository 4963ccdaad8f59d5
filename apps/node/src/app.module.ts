import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '@cp/database';
import { NODE_SETTINGS, NodeSettings } from './config/node-settings';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { RecordsModule } from './records/records.module';
import { SearchModule } from './search/search.module';
import { ShieldingModule } from './shielding/shielding.module';
import { SessionsModule } from './sessions/sessions.module';
import { UsersModule } from './users/users.module';
import { MisuseModule } from './misuse/misuse.module';
import { FederationModule } from './federation/federation.module';
import { IndexOutboxModule } from './index-outbox/index-outbox.module';
import { CrossBoundarySearchModule } from './cross-boundary-search/cross-boundary-search.module';
import { MetricsModule } from './metrics/metrics.module';
import { WebModule } from './web/web.module';
import { HandoverModule } from './handover/handover.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { MessageLogModule } from './message-log/message-log.module';
import { NODE_ENTITIES } from './database/entities';
import { NODE_MIGRATIONS } from './database/migrations';

/** The LA node: wires feature modules; holds no logic of its own. */
@Module({})
export class NodeAppModule {
  static register(settings: NodeSettings): DynamicModule {
    return {
      module: NodeAppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          ...databaseOptions({
            url: settings.DATABASE_URL,
            entities: NODE_ENTITIES,
            migrations: NODE_MIGRATIONS,
          }),
          // With a separate owner role, migrations ran as the owner before start (audit/owner-migrations.ts).
          migrationsRun: !settings.DATABASE_OWNER_URL,
        }),
        HealthModule,
        SessionsModule,
        UsersModule,
        AuthModule,
        AuditModule,
        RecordsModule,
        SearchModule,
        ShieldingModule,
        MisuseModule,
        FederationModule.register(settings),
        IndexOutboxModule,
        CrossBoundarySearchModule,
        MetricsModule,
        WebModule,
        HandoverModule,
        RateLimitsModule,
        MessageLogModule,
      ],
      providers: [{ provide: NODE_SETTINGS, useValue: settings }],
      exports: [NODE_SETTINGS],
    };
  }
}
