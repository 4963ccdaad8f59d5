import { Module } from '@nestjs/common';
import { FederationHealthModule } from '../federation-health/federation-health.module';
import { HubMetricsService } from './hub-metrics.service';
import { MetricsController } from './metrics.controller';
import { SearchMetricsCollector } from './search-metrics.collector';

/** Prometheus metrics of the hub at /metrics. */
@Module({
  imports: [FederationHealthModule],
  controllers: [MetricsController],
  providers: [HubMetricsService, SearchMetricsCollector],
})
export class MetricsModule {}
