import { Module } from '@nestjs/common';
import { LocatorIndexModule } from '../locator-index/locator-index.module';
import { FederationHealthService } from './federation-health.service';
import { OperationsController } from './operations.controller';
import { SearchTrafficService } from './search-traffic.service';

/** Federation health for hub operators: node states, index, certificates, search traffic, handovers. */
@Module({
  imports: [LocatorIndexModule],
  controllers: [OperationsController],
  providers: [FederationHealthService, SearchTrafficService],
  exports: [FederationHealthService, SearchTrafficService],
})
export class FederationHealthModule {}
