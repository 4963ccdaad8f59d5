import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { NodeSearchBus } from '../cross-boundary-search/node-search-bus';
import { probeBus, type BusState } from './bus-state';

/** Terminus indicator `bus`: up when federation is not configured, or when the bus answers a PING. */
@Injectable()
export class BusHealthIndicator {
  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly indicators: HealthIndicatorService,
    private readonly searchBus: NodeSearchBus,
  ) {}

  async check(key: string, timeoutMs?: number): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const probed = await probeBus(this.settings, this.searchBus, timeoutMs);
    const data: { state: BusState['state']; rttMs?: number; message?: string } = { ...probed };
    return probed.state === 'connected' || probed.state === 'not-configured'
      ? indicator.up(data)
      : indicator.down(data);
  }
}
