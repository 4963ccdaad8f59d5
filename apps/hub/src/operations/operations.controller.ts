import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorAccess } from '../trust/operators/operator-access.decorator';
import { TrafficQueryDto } from './federation-health/dto/traffic-query.dto';
import {
  FederationHealthService,
  type FederationOverview,
} from './federation-health/federation-health.service';
import {
  SearchTrafficService,
  type TrafficMinute,
  type TrafficSummary,
} from './federation-health/search-traffic.service';

/** The operators' figures as JSON (the console draws them; /metrics has the same for machines). */
@ApiTags('operations')
@OperatorAccess()
@Controller('operations')
export class OperationsController {
  constructor(
    private readonly health: FederationHealthService,
    private readonly traffic: SearchTrafficService,
  ) {}

  @Get('overview')
  @ApiOperation({
    summary:
      'Every node (up, late, down), index sync and lag, certificates, revocations, search figures, handovers',
  })
  overview(): Promise<FederationOverview> {
    return this.health.overview();
  }

  @Get('traffic')
  @ApiOperation({ summary: 'Cross-boundary searches per minute with p50/p99 latency and errors' })
  async trafficPerMinute(
    @Query() query: TrafficQueryDto,
  ): Promise<{ summary: TrafficSummary; minutes: TrafficMinute[] }> {
    const now = new Date();
    const [summary, minutes] = await Promise.all([
      this.traffic.summary(query.minutes, now),
      this.traffic.perMinute(query.minutes, now),
    ]);
    return { summary, minutes };
  }
}
