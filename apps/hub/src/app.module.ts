import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseOptions } from '@cp/database';
import { HUB_SETTINGS, HubSettings } from './config/hub-settings';
import { HealthModule } from './health/health.module';
import { CaModule } from './ca/ca.module';
import { CertificatesModule } from './certificates/certificates.module';
import { EnrolmentModule } from './enrolment/enrolment.module';
import { FederationModule } from './federation/federation.module';
import { RevocationModule } from './revocation/revocation.module';
import { LocatorIndexModule } from './locator-index/locator-index.module';
import { SearchRoutingModule } from './search-routing/search-routing.module';
import { OperatorsModule } from './operators/operators.module';
import { FederationHealthModule } from './federation-health/federation-health.module';
import { MetricsModule } from './metrics/metrics.module';
import { HandoverModule } from './handover/handover.module';
import { MessageLogModule } from './message-log/message-log.module';
import { HUB_ENTITIES } from './database/entities';
import { HUB_MIGRATIONS } from './database/migrations';

/** The hub: routes lookups across LA boundaries; holds no readable personal data. */
@Module({})
export class HubAppModule {
  static register(settings: HubSettings): DynamicModule {
    return {
      module: HubAppModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot(
          databaseOptions({ url: settings.DATABASE_URL, entities: HUB_ENTITIES, migrations: HUB_MIGRATIONS }),
        ),
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
        FederationHealthModule,
        MetricsModule,
      ],
      providers: [{ provide: HUB_SETTINGS, useValue: settings }],
      exports: [HUB_SETTINGS],
    };
  }
}
