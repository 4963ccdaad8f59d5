import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificatesModule } from '../trust/certificates/certificates.module';
import { LocatorIndexModule } from '../locator-index/locator-index.module';
import { RouteRateLimitService } from './route-rate-limit.service';
import { RoutingLogWriter } from './routing-log-writer';
import { SearchRoutingBus } from './search-routing.bus';
import { SearchRoutingLogEntry } from './search-routing-log.entity';
import { SearchRoutingService } from './search-routing.service';
import { SearchTrustService } from './search-trust.service';

/** Cross-boundary search at the hub: routes sealed queries to candidate LAs; logs routing metadata only. */
@Module({
  imports: [CertificatesModule, LocatorIndexModule, TypeOrmModule.forFeature([SearchRoutingLogEntry])],
  providers: [
    SearchTrustService,
    RouteRateLimitService,
    RoutingLogWriter,
    SearchRoutingService,
    SearchRoutingBus,
  ],
  exports: [SearchRoutingService, SearchRoutingBus],
})
export class SearchRoutingModule {}
