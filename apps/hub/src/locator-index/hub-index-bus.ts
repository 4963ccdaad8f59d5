import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { CaCertificateSource } from '../trust/certificates/ca-certificate.source';
import { IndexBusConnection } from './index-bus-connection';
import { IndexFeedConsumer } from './index-feed.consumer';

/**
 * Connects the locator index to the federation bus: its own NATS connection over mutual TLS (options from
 * @cp/pki's one factory), the index stream, the feed consumer. Starts by itself when NATS_URL and the
 * hub's PKI are configured; `attach` lets a caller hand over a connection it made (tests, or a shared
 * hub bus later).
 */
@Injectable()
export class HubIndexBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HubIndexBus.name);
  private owned?: NatsConnection;

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly source: CaCertificateSource,
    private readonly holder: IndexBusConnection,
    private readonly consumer: IndexFeedConsumer,
  ) {}

  onApplicationBootstrap(): void {
    const url = this.settings.NATS_URL;
    if (!url || !this.settings.HUB_PKI_DIR) {
      this.logger.warn('The locator index is not fed: NATS_URL or HUB_PKI_DIR is not set');
      return;
    }
    const options = this.source.natsOptions(url, 'contactpoint-hub-index');
    // In the background: the HTTP side starts even while the bus is unreachable.
    connect({ ...options, waitOnFirstConnect: true })
      .then(async (connection) => {
        try {
          await this.attach(connection);
          this.owned = connection;
        } catch (error) {
          await connection.close();
          throw error;
        }
      })
      .catch((error: unknown) => {
        const reason = String(error).includes('503')
          ? 'JetStream is not enabled on nats-server (set NATS_JETSTREAM_DIR and regenerate its config)'
          : String(error);
        this.logger.error(`Index feed not started: ${reason}`);
      });
  }

  /** Creates each LA's stream and consumer if needed and starts consuming on this connection. */
  async attach(connection: NatsConnection): Promise<void> {
    this.holder.set(connection);
    await this.consumer.start(connection);
    this.logger.log('Locator index feed consuming');
  }

  async detach(): Promise<void> {
    await this.consumer.stop();
    this.holder.set(undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.detach();
    if (this.owned) await this.owned.drain().catch(() => undefined);
  }
}
