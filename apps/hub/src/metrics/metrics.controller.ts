import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { OperatorAccess } from '../trust/operators/operator-access.decorator';
import { HubMetricsService } from './hub-metrics.service';

/**
 * GET /metrics (outside /api/v1): Prometheus text. Operators only: Prometheus scrapes with its own operator
 * certificate (e.g. `operator:certificate --name prometheus`), see docs/operations.md.
 */
@ApiExcludeController()
@OperatorAccess()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: HubMetricsService) {}

  @Get('metrics')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.render();
  }
}
