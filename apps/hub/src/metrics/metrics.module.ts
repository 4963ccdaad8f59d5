import { Module } from '@nestjs/common';
import { OperationsModule } from '../operations/operations.module';
import { HubMetricsService } from './hub-metrics.service';
import { MetricsController } from './metrics.controller';
import { SearchMetricsCollector } from './search-metrics.collector';

/** Prometheus metrics of the hub at /metrics. */
@Module({
  imports: [OperationsModule],
  controllers: [MetricsController],
  providers: [HubMetricsService, SearchMetricsCollector],
})
export class MetricsModule {}
