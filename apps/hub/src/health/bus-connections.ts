import { Injectable } from '@nestjs/common';
import type { INestMicroservice } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { IndexBusConnection } from '../locator-index/index-bus-connection';

/** A bus connection the hub needs, and whether it answers now. */
export interface BusLinkState {
  name: string;
  state: 'connected' | 'not-connected';
  rttMs?: number;
}

const PING_TIMEOUT_MS = 1500;

/**
 * The hub's NATS connections that readiness checks: the Nest NATS transport (federation requests:
 * renewal, ping), registered by bootstrap once connected, and the locator index feed's own connection.
 * "Connected" means the client is open and nats-server answered a PING within 1.5 s (`flush`).
 */
@Injectable()
export class BusConnections {
  private transport?: INestMicroservice;

  constructor(private readonly indexBus: IndexBusConnection) {}

  registerTransport(microservice: INestMicroservice): void {
    this.transport = microservice;
  }

  /** Undefined when the hub runs without federation (no NATS_URL): nothing to check. */
  expected(): boolean {
    return this.transport !== undefined;
  }

  async states(): Promise<BusLinkState[]> {
    return Promise.all([
      this.probe('federation-transport', this.transportConnection()),
      this.probe('index-feed', this.indexBus.current()),
    ]);
  }

  private transportConnection(): NatsConnection | undefined {
    try {
      return this.transport?.unwrap<NatsConnection>();
    } catch {
      return undefined; // not listening yet
    }
  }

  private async probe(name: string, connection: NatsConnection | undefined): Promise<BusLinkState> {
    if (!connection || connection.isClosed()) return { name, state: 'not-connected' };
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        connection.flush(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS);
        }),
      ]);
      return { name, state: 'connected', rttMs: Date.now() - started };
    } catch {
      return { name, state: 'not-connected' };
    } finally {
      clearTimeout(timer);
    }
  }
}
