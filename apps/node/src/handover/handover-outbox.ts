import { describePublishFailure } from '@cp/bus';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import {
  HANDOVER_CONTRACT_VERSION,
  HANDOVER_MESSAGE_TYPES,
  handoverMessageId,
  handoverStepSubject,
  type HandoverStepBody,
  type HandoverStepKind,
} from '@cp/contract';
import { RepeatingTask } from '@cp/bus';
import { HUB_SENDER, signEnvelope, type JsonValue } from '@cp/pki';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { FederationCredentials } from '../federation/certificate-store';
import type { NodeHandover } from './handover.entity';
import { failpoint } from './handover-failpoint';
import { signingIdentity } from '../federation/sealed-envelopes';
import { MessageLogService } from '../message-log/message-log.service';
import { sentMessage } from '@cp/message-log';

const BATCH = 50;
const IDLE_POLL_MS = 200;
const PUBLISH_TIMEOUT_MS = 5_000;
const PUBLISHER_LOCK = 7_140_600_001;

/** Writes a step for the hub in the caller's transaction: the step and the change it reports commit together. */
export async function enqueueStep(
  manager: EntityManager,
  handover: Pick<
    NodeHandover,
    'id' | 'childId' | 'fromLa' | 'toLa' | 'correlationId' | 'initiatedBy' | 'reasonCode'
  >,
  kind: HandoverStepKind,
  extra: Partial<Pick<HandoverStepBody, 'endReason' | 'package' | 'receipt'>> = {},
): Promise<void> {
  const body: HandoverStepBody = {
    v: HANDOVER_CONTRACT_VERSION,
    kind,
    handoverId: handover.id,
    childId: handover.childId,
    fromLa: handover.fromLa,
    toLa: handover.toLa,
    correlationId: handover.correlationId,
    ...(kind === 'start'
      ? {
          initiatedBy: handover.initiatedBy,
          reasonCode: handover.reasonCode as HandoverStepBody['reasonCode'],
        }
      : {}),
    ...extra,
  };
  await manager.query(`INSERT INTO handover_outbox (handover_id, kind, body) VALUES ($1, $2, $3)`, [
    handover.id,
    kind,
    body,
  ]);
}

interface OutboxRow {
  sequence: string;
  handover_id: string;
  kind: string;
  body: HandoverStepBody;
}

/**
 * Publishes the handover outbox to JetStream in order, each step signed now by this node and sent with
 * Nats-Msg-Id `<handover>:<kind>:<LA>`; a row is marked published only after its PubAck. A crash in
 * between republishes it: JetStream's duplicate window or the hub's step log drops the repeat.
 */
@Injectable()
export class HandoverPublisher {
  private readonly logger = new Logger(HandoverPublisher.name);
  private target?: { connection: NatsConnection; credentials: FederationCredentials };
  private readonly relay = new RepeatingTask(() => this.cycle());
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly messageLog: MessageLogService,
  ) {}

  start(connection: NatsConnection, credentials: FederationCredentials): void {
    this.target = { connection, credentials };
    this.relay.start();
  }

  async stop(): Promise<void> {
    this.target = undefined;
    await this.relay.stop();
  }

  /** One round; returns the delay before the next. */
  private async cycle(): Promise<number> {
    let published = 0;
    try {
      published = await this.publishPending();
      if (this.failing) this.logger.log('Handover steps publishing resumed');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Handover steps paused: ${describePublishFailure(error)}`);
      this.failing = true;
    }
    return published > 0 ? 0 : IDLE_POLL_MS;
  }

  async publishPending(): Promise<number> {
    const target = this.target;
    if (!target || target.connection.isClosed()) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [PUBLISHER_LOCK],
      );
      if (!locked) return 0;
      const rows = await manager.query<OutboxRow[]>(
        `SELECT sequence, handover_id, kind, body FROM handover_outbox WHERE published_at IS NULL
          ORDER BY sequence LIMIT $1`,
        [BATCH],
      );
      const { connection, credentials } = target;
      const js = connection.jetstream();
      let done = 0;
      for (const row of rows) {
        const envelope = signEnvelope(signingIdentity(credentials), {
          recipient: HUB_SENDER,
          type: HANDOVER_MESSAGE_TYPES.step,
          body: row.body as unknown as JsonValue,
        });
        await js.publish(handoverStepSubject(credentials.laCode), JSON.stringify(envelope), {
          msgID: handoverMessageId(row.handover_id, row.kind, credentials.laCode),
          timeout: PUBLISH_TIMEOUT_MS,
        });
        await this.messageLog.write(manager, [
          sentMessage(envelope, credentials.certificatePem, row.handover_id),
        ]);
        failpoint(this.settings.HANDOVER_FAILPOINT, 'step-published', row.body.childId, row.kind);
        await manager.query(`UPDATE handover_outbox SET published_at = now() WHERE sequence = $1`, [
          row.sequence,
        ]);
        done += 1;
      }
      return done;
    });
  }
}
