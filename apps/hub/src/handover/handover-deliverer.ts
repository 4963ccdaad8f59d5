import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type NatsConnection, type NatsError } from 'nats';
import { DataSource } from 'typeorm';
import {
  HANDOVER_MESSAGE_TYPES,
  handoverDeliverySubject,
  type HandoverDeliveryAckBody,
  type HandoverDeliveryBody,
} from '@cp/contract';
import { RepeatingTask } from '@cp/bus';
import { receivedMessage, sentMessage } from '@cp/message-log';
import type { JsonValue } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { MessageLogService } from '../message-log/message-log.service';
import { failpoint } from './handover-failpoint';
import { HandoverTrustService } from './handover-trust.service';

const IDLE_POLL_MS = 250;
/** A node acknowledges after one short transaction; a silent node is retried rather than waited for. */
const REQUEST_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 15_000;

interface DueRow {
  id: string;
  la_code: string;
  payload: HandoverDeliveryBody;
  attempts: number;
}

/**
 * The hub's outbox relay: sends each undelivered delivery to its LA's node (request-reply, signed by the
 * hub) until the node answers with a signed acknowledgement, which it gives only after committing.
 * Per LA, deliveries go one at a time in the order they were decided; a node that does not answer is
 * retried with backoff and holds up only its own LA's deliveries. A sealed package or receipt is cleared
 * from the row once delivered.
 */
@Injectable()
export class HandoverDeliverer {
  private readonly logger = new Logger(HandoverDeliverer.name);
  private connection?: NatsConnection;
  private readonly relay = new RepeatingTask(() => this.cycle());

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly dataSource: DataSource,
    private readonly trust: HandoverTrustService,
    private readonly messageLog: MessageLogService,
  ) {}

  start(connection: NatsConnection): void {
    this.connection = connection;
    this.relay.start();
  }

  async stop(): Promise<void> {
    this.connection = undefined;
    await this.relay.stop();
  }

  /** One round; returns the delay before the next. */
  private async cycle(): Promise<number> {
    let sent = 0;
    try {
      sent = await this.deliverDue();
    } catch (error) {
      this.logger.warn(`Handover deliveries paused: ${error instanceof Error ? error.name : 'unknown'}`);
    }
    return sent > 0 ? 0 : IDLE_POLL_MS;
  }

  /** Sends the first undelivered delivery of each LA, when due; returns how many were acknowledged. */
  async deliverDue(): Promise<number> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) return 0;
    const rows = await this.dataSource.query<DueRow[]>(
      `SELECT id, la_code, payload, attempts FROM (
         SELECT DISTINCT ON (la_code) id, la_code, payload, attempts, next_attempt_at
           FROM handover_delivery WHERE delivered_at IS NULL AND voided_at IS NULL
          ORDER BY la_code, sequence) first
        WHERE next_attempt_at <= now()`,
    );
    const results = await Promise.all(rows.map((row) => this.send(connection, row)));
    return results.filter(Boolean).length;
  }

  private async send(connection: NatsConnection, row: DueRow): Promise<boolean> {
    const envelope = this.trust.sign(
      row.la_code,
      HANDOVER_MESSAGE_TYPES.delivery,
      row.payload as unknown as JsonValue,
    );
    let error: string;
    try {
      // Its own insert (an outbox row's send, no transaction to join), before the delivery goes.
      await this.messageLog.write(undefined, [
        sentMessage(envelope, this.trust.hubCertificatePem(), row.payload.handoverId),
      ]);
      const reply = await connection.request(handoverDeliverySubject(row.la_code), JSON.stringify(envelope), {
        timeout: REQUEST_TIMEOUT_MS,
      });
      let signerPem = '';
      const ack = await this.trust.verifyAck(
        row.la_code,
        JSON.parse(reply.string()) as unknown,
        HANDOVER_MESSAGE_TYPES.deliveryAck,
        (pem) => (signerPem = pem),
      );
      const body = ack.body as Partial<HandoverDeliveryAckBody>;
      if (body.deliveryId !== row.id) throw new Error('ack-for-another-delivery');
      await this.messageLog.write(undefined, [receivedMessage(ack, signerPem, row.payload.handoverId)]);
      failpoint(this.settings.HANDOVER_FAILPOINT, 'hub-delivered', row.payload.childId, row.payload.kind);
      await this.dataSource.query(
        `UPDATE handover_delivery SET delivered_at = now(), payload = payload - 'package' - 'receipt',
                attempts = attempts + 1, last_error = $2
          WHERE id = $1 AND delivered_at IS NULL`,
        [row.id, body.result === 'refused' ? 'refused-by-node' : null],
      );
      return true;
    } catch (failure) {
      const code = (failure as Partial<NatsError>).code;
      error =
        code === ErrorCode.NoResponders
          ? 'no-responder'
          : code === ErrorCode.Timeout
            ? 'timeout'
            : failure instanceof Error
              ? failure.message.slice(0, 100)
              : 'unknown';
    }
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(row.attempts, 8));
    await this.dataSource.query(
      `UPDATE handover_delivery SET attempts = attempts + 1, last_error = $2,
              next_attempt_at = now() + make_interval(secs => $3)
        WHERE id = $1 AND delivered_at IS NULL`,
      [row.id, error, backoff / 1000],
    );
    return false;
  }
}
