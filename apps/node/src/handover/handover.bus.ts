import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Msg } from 'nats';
import {
  HANDOVER_MESSAGE_TYPES,
  MESSAGE_TYPES,
  handoverDeliverySubject,
  type HandoverDeliveryAckBody,
} from '@cp/contract';
import { DEFAULT_FRESHNESS_MS, ReplayCache } from '@cp/pki';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { CertificateLink } from '../federation/certificate-link';
import type { FederationCredentials } from '../federation/certificate-store';
import { checkFailpointSetting } from './handover-failpoint';
import { HandoverPublisher } from './handover-outbox';
import { HandoverReceiver } from './handover-receiver.service';
import { verifyDelivery } from './handover-seal';

/**
 * Handovers on the federation bus: this node's own mutual-TLS connection, the publisher of its step
 * outbox (to JetStream), and the hub's deliveries on `cp.v1.la.<LA>.handover`, handled one at a time and
 * acknowledged (signed) only after they committed. Reconnects by itself when nats-server restarts.
 */
@Injectable()
export class HandoverBus implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HandoverBus.name);
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private readonly link: CertificateLink;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(NODE_SETTINGS) settings: NodeSettings,
    private readonly publisher: HandoverPublisher,
    private readonly receiver: HandoverReceiver,
  ) {
    checkFailpointSetting(settings.HANDOVER_FAILPOINT);
    this.link = new CertificateLink({
      settings,
      logger: this.logger,
      purpose: 'handover',
      connect: { maxReconnectAttempts: -1 },
      messages: {
        off: 'Handovers are off',
        on: (laCode) => `Handovers on the bus for LA ${laCode}`,
        notStarted: 'Handovers not started',
      },
      beforeSwitch: () => this.publisher.stop(),
      subscribe: (connection, credentials) =>
        connection.subscribe(handoverDeliverySubject(credentials.laCode), {
          callback: (error, message) => {
            if (error) return;
            this.queue = this.queue.then(() => this.deliver(message, credentials));
          },
        }),
      afterSubscribe: (connection, credentials) => this.publisher.start(connection, credentials),
    });
  }

  onApplicationBootstrap(): void {
    this.link.start();
  }

  /** Resolves once connected (or once it is clear it cannot be). */
  async ready(): Promise<void> {
    await this.link.ready();
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
        await this.receiver.answerDelivery(credentials, HANDOVER_MESSAGE_TYPES.deliveryAck, ack, handoverId),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'unknown';
      this.logger.warn(`Handover ${handoverId} delivery ${deliveryId} not done: ${reason}`);
      message.respond(
        await this.receiver.answerDelivery(
          credentials,
          MESSAGE_TYPES.refusal,
          { reason, message: 'Handover delivery not done' },
          handoverId,
        ),
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.link.stopFollowing();
    await this.publisher.stop();
    await this.queue;
    await this.link.drain();
  }
}
