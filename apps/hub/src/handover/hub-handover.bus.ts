import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { HandoverConsumer } from './handover-consumer';
import { HandoverDeliverer } from './handover-deliverer';
import { checkFailpointSetting } from './handover-failpoint';

/**
 * Handovers on the federation bus: the hub's own mutual-TLS NATS connection, the handover stream and its
 * consumer (nodes' steps in), and the deliverer (the hub's outbox out). Starts by itself when NATS_URL
 * and the hub's PKI are configured; reconnects by itself (nats.js) when nats-server restarts.
 */
@Injectable()
export class HubHandoverBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HubHandoverBus.name);
  private owned?: NatsConnection;
  private attached?: Promise<void>;
  private markAttached?: () => void;

  constructor(
    @Inject(HUB_SETTINGS) settings: HubSettings,
    private readonly source: CaCertificateSource,
    private readonly consumer: HandoverConsumer,
    private readonly deliverer: HandoverDeliverer,
  ) {
    checkFailpointSetting(settings.HANDOVER_FAILPOINT);
    this.attached = new Promise((resolve) => (this.markAttached = resolve));
  }

  /** Resolves once the hub consumes handover steps. */
  ready(): Promise<void> {
    return this.attached ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    const options = this.source.busOptions('contactpoint-hub-handover', (reason) =>
      this.logger.warn(`Handovers not started: ${reason}`),
    );
    if (!options) return;
    connect({ ...options, waitOnFirstConnect: true, maxReconnectAttempts: -1 })
      .then(async (connection) => {
        this.owned = connection;
        await this.attach(connection);
      })
      .catch((error: unknown) => this.logger.error(`Handovers not started: ${String(error)}`));
  }

  async attach(connection: NatsConnection): Promise<void> {
    await this.consumer.start(connection);
    this.deliverer.start(connection);
    this.logger.log('Handovers: consuming steps and delivering');
    this.markAttached?.();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.deliverer.stop();
    await this.consumer.stop();
    if (this.owned) await this.owned.drain().catch(() => undefined);
  }
}
