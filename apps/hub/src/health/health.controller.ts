import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { BusHealthIndicator } from './bus.health-indicator';

/** /health/live and /health/ready (outside /api/v1, no sign-in: they reveal no data). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly bus: BusHealthIndicator,
  ) {}

  /** The process is up (nothing else: a liveness probe must not fail because a dependency is down). */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The hub can serve: its database answers and, when federated, nats-server answers on every connection
   * the hub needs. 503 names what is down (terminus's body, plus a one-line message), as the node does.
   */
  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult & { message?: string }> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 1500 }),
        () => this.bus.check('bus'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const body = error.getResponse() as HealthCheckResult;
      void reply.status(503);
      return { ...body, message: `Not ready: ${Object.keys(body.error ?? {}).join(', ')} down` };
    }
  }
}
