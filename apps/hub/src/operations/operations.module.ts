import { Module } from '@nestjs/common';
import { HandoverModule } from '../handover/handover.module';
import { HandoversService } from '../handover/handovers.service';
import { LocatorIndexModule } from '../locator-index/locator-index.module';
import { FederationHealthService } from './federation-health/federation-health.service';
import { HANDOVER_HEALTH_SOURCE } from './federation-health/handover-health.source';
import { HandoversHealthAdapter } from './federation-health/handovers-health.adapter';
import { OperationsController } from './operations.controller';
import { SearchTrafficService } from './federation-health/search-traffic.service';

/** Operations for hub operators: federation health (node states, index, certificates, search traffic, handovers)
 * and the operations API the console reads. */
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
export class OperationsModule {}
