import { Module, type DynamicModule } from '@nestjs/common';
import { HUB_SETTINGS, HubSettings } from './config/hub-settings';
import { HealthModule } from './health/health.module';
import { CaModule } from './trust/ca/ca.module';
import { CertificatesModule } from './trust/certificates/certificates.module';
import { EnrolmentModule } from './trust/enrolment/enrolment.module';
import { FederationModule } from './federation/federation.module';
import { RevocationModule } from './trust/revocation/revocation.module';
import { LocatorIndexModule } from './locator-index/locator-index.module';
import { SearchRoutingModule } from './search-routing/search-routing.module';
import { OperatorsModule } from './trust/operators/operators.module';
import { OperationsModule } from './operations/operations.module';
import { MetricsModule } from './metrics/metrics.module';
import { HandoverModule } from './handover/handover.module';
import { MessageLogModule } from './message-log/message-log.module';
import { hubDatabaseModule } from './database/hub-database.module';

/** The hub: routes lookups across LA boundaries; holds no readable personal data. */
@Module({})
export class HubAppModule {
  static register(settings: HubSettings): DynamicModule {
    return {
      module: HubAppModule,
      global: true,
      imports: [
        hubDatabaseModule(settings),
        HealthModule,
        CertificatesModule,
        CaModule,
        EnrolmentModule,
        RevocationModule,
        FederationModule,
        LocatorIndexModule,
        SearchRoutingModule,
        HandoverModule,
        MessageLogModule,
        OperatorsModule,
        OperationsModule,
        MetricsModule,
      ],
      providers: [{ provide: HUB_SETTINGS, useValue: settings }],
      exports: [HUB_SETTINGS],
    };
  }
}
