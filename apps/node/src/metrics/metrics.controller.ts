import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../access/access.decorators';
import { MetricsCollector } from './metrics-collector.service';
import { NodeMetrics } from './node-metrics';

/**
 * Prometheus metrics at /metrics (outside /api/v1, like health). Public like health: it holds counts,
 * durations, route templates and codes, nothing about a person; scrape it from the internal network
 * and keep it off the public internet at the reverse proxy (docs/operations.md, "Monitoring a node").
 */
@ApiTags('health')
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(
    private readonly metrics: NodeMetrics,
    private readonly collector: MetricsCollector,
  ) {}

  @Get()
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: 'Prometheus metrics of this node (no personal data): scrape from the internal network',
  })
  async scrape(): Promise<string> {
    await this.collector.refresh();
    return this.metrics.exposition();
  }
}
