import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  HealthCheck,
  HealthCheckService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { Public } from '../access/access.decorators';
import { BusHealthIndicator } from './bus.health-indicator';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Controller('health')
@Public()
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
   * The node can serve: its database answers and, when it is federated (NATS_URL set), its connection to
   * the federation bus answers. 503 names what is down (terminus's body, plus a one-line message).
   */
  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<HealthCheckResult & { message?: string }> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
        () => this.bus.check('bus', CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus's own body (status, info, error, details), not reshaped by the error filter.
      const body = error.getResponse() as HealthCheckResult;
      void reply.status(503);
      return { ...body, message: `Not ready: ${Object.keys(body.error ?? {}).join(', ')} down` };
    }
  }
}
