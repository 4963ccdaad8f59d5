import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CrossBoundarySearchModule } from '../cross-boundary-search/cross-boundary-search.module';
import { HttpMetricsHook } from './http-metrics.hook';
import { MetricsCollector } from './metrics-collector.service';
import { MetricsController } from './metrics.controller';
import { NodeMetrics } from './node-metrics';
import { SearchMetricsInterceptor } from './search-metrics.interceptor';

/**
 * The node's Prometheus metrics. NodeMetrics is provided per app (a fresh registry each time, never
 * prom-client's global one) and exported globally, so another front end (the web app) can record its
 * searches with `observeSearch`.
 */
@Global()
@Module({
  imports: [CrossBoundarySearchModule],
  controllers: [MetricsController],
  providers: [
    { provide: NodeMetrics, useFactory: () => new NodeMetrics() },
    MetricsCollector,
    HttpMetricsHook,
    { provide: APP_INTERCEPTOR, useClass: SearchMetricsInterceptor },
  ],
  exports: [NodeMetrics],
})
export class MetricsModule {}
