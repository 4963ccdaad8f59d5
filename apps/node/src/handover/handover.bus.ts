import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { connect, type Msg, type NatsConnection, type Subscription } from 'nats';
import {
  HANDOVER_MESSAGE_TYPES,
  MESSAGE_TYPES,
  handoverDeliverySubject,
  type HandoverDeliveryAckBody,
} from '@cp/contract';
import { DEFAULT_FRESHNESS_MS, HUB_SENDER, ReplayCache, signEnvelope } from '@cp/pki';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { loadBusCredentials, nodeBusOptions } from '../federation/bus-credentials';
import type { FederationCredentials } from '../federation/certificate-store';
import { checkFailpointSetting } from './handover-failpoint';
import { HandoverPublisher } from './handover-outbox';
import { HandoverReceiver } from './handover-receiver.service';
import { signerOf, verifyDelivery } from './handover-seal';

const CREDENTIALS_CHECK_MS = 60_000;

/**
 * Handovers on the federation bus: this node's own mutual-TLS connection, the publisher of its step
 * outbox (to JetStream), and the hub's deliveries on `cp.v1.la.<LA>.handover`, handled one at a time and
 * acknowledged (signed) only after they committed. Reconnects by itself when nats-server restarts.
 */
@Injectable()
export class HandoverBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HandoverBus.name);
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private connection?: NatsConnection;
  private credentials?: FederationCredentials;
  private subscription?: Subscription;
  private timer?: NodeJS.Timeout;
  private connecting?: Promise<void>;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly publisher: HandoverPublisher,
    private readonly receiver: HandoverReceiver,
  ) {
    checkFailpointSetting(settings.HANDOVER_FAILPOINT);
  }

  onApplicationBootstrap(): void {
    if (!this.settings.NATS_URL || !this.settings.FEDERATION_DIR) return;
    this.connecting = this.connectWithStoredCertificate();
    this.timer = setInterval(() => void this.followRenewal(), CREDENTIALS_CHECK_MS);
    this.timer.unref();
  }

  /** Resolves once connected (or once it is clear it cannot be). */
  async ready(): Promise<void> {
    await this.connecting;
  }

  private load(): FederationCredentials | undefined {
    return loadBusCredentials(this.settings, (reason) => this.logger.warn(`Handovers are off: ${reason}`));
  }

  private async connectWithStoredCertificate(): Promise<void> {
    const credentials = this.load();
    if (!credentials) return;
    const options = nodeBusOptions(this.settings.NATS_URL ?? '', credentials, 'handover');
    try {
      const connection = await connect({ ...options, waitOnFirstConnect: true, maxReconnectAttempts: -1 });
      const previous = this.connection;
      await this.publisher.stop();
      this.connection = connection;
      this.credentials = credentials;
      this.subscription?.unsubscribe();
      this.subscription = connection.subscribe(handoverDeliverySubject(credentials.laCode), {
        callback: (error, message) => {
          if (error) return;
          this.queue = this.queue.then(() => this.deliver(message, credentials));
        },
      });
      await connection.flush();
      this.publisher.start(connection, credentials);
      if (previous) await previous.drain().catch(() => undefined);
      this.logger.log(`Handovers on the bus for LA ${credentials.laCode}`);
    } catch (error) {
      this.logger.error(`Handovers not started: ${String(error)}`);
    }
  }

  /** One delivery, start to signed acknowledgement; a failure answers with a signed refusal (the hub retries). */
  private async deliver(message: Msg, credentials: FederationCredentials): Promise<void> {
    let deliveryId = 'unknown';
    let handoverId = 'unknown';
    try {
      const delivery = await verifyDelivery(
        JSON.parse(message.string()) as unknown,
        credentials,
        this.replayCache,
      );
      deliveryId = delivery.deliveryId;
      handoverId = delivery.handoverId;
      await this.receiver.handle(delivery, credentials);
      const ack: HandoverDeliveryAckBody = { deliveryId, handoverId, result: 'done' };
      message.respond(
        JSON.stringify(
          signEnvelope(signerOf(credentials), {
            recipient: HUB_SENDER,
            type: HANDOVER_MESSAGE_TYPES.deliveryAck,
            body: ack,
          }),
        ),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      this.logger.warn(`Handover ${handoverId} delivery ${deliveryId} not done: ${reason}`);
      message.respond(
        JSON.stringify(
          signEnvelope(signerOf(credentials), {
            recipient: HUB_SENDER,
            type: MESSAGE_TYPES.refusal,
            body: { reason, message: 'Handover delivery not done' },
          }),
        ),
      );
    }
  }

  private async followRenewal(): Promise<void> {
    const stored = this.load();
    if (stored && stored.certificate.fingerprint !== this.credentials?.certificate.fingerprint)
      await this.connectWithStoredCertificate();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.subscription?.unsubscribe();
    await this.publisher.stop();
    await this.queue;
    if (this.connection) await this.connection.drain().catch(() => undefined);
  }
}
