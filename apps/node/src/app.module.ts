import { Module, type DynamicModule } from '@nestjs/common';
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
import { AccessHistoryModule } from './access-history/access-history.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { MessageLogModule } from './message-log/message-log.module';
import { FhirModule } from './fhir/fhir.module';
import { nodeDatabase } from './database/database.module';

/** The LA node: wires feature modules; holds no logic of its own. */
@Module({})
export class NodeAppModule {
  static register(settings: NodeSettings): DynamicModule {
    return {
      module: NodeAppModule,
      global: true,
      imports: [
        nodeDatabase(settings),
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
        AccessHistoryModule,
        RateLimitsModule,
        MessageLogModule,
        FhirModule,
      ],
      providers: [{ provide: NODE_SETTINGS, useValue: settings }],
      exports: [NODE_SETTINGS],
    };
  }
}
