import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { BusConnections } from './bus-connections';

/** Readiness of the federation bus: every NATS connection the hub needs answers a PING. */
@Injectable()
export class BusHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly connections: BusConnections,
  ) {}

  async check(key = 'bus'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (!this.connections.expected()) return indicator.up({ state: 'not-configured' });
    const links = await this.connections.states();
    const data = { links: links.map((link) => ({ ...link })) };
    return links.every((link) => link.state === 'connected') ? indicator.up(data) : indicator.down(data);
  }
}
