import { Module } from '@nestjs/common';
import { HandoverModule } from '../handover/handover.module';
import { HandoversService } from '../handover/handovers.service';
import { LocatorIndexModule } from '../locator-index/locator-index.module';
import { FederationHealthService } from './federation-health.service';
import { HANDOVER_HEALTH_SOURCE } from './handover-health.source';
import { HandoversHealthAdapter } from './handovers-health.adapter';
import { OperationsController } from './operations.controller';
import { SearchTrafficService } from './search-traffic.service';

/** Federation health for hub operators: node states, index, certificates, search traffic, handovers. */
@Module({
  imports: [LocatorIndexModule, HandoverModule],
  controllers: [OperationsController],
  providers: [
    FederationHealthService,
    SearchTrafficService,
    {
      provide: HANDOVER_HEALTH_SOURCE,
      useFactory: (handovers: HandoversService) => new HandoversHealthAdapter(handovers),
      inject: [HandoversService],
    },
  ],
  exports: [FederationHealthService, SearchTrafficService],
})
export class FederationHealthModule {}
