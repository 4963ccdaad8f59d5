import { describePublishFailure } from '@cp/bus';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import {
  INDEX_MESSAGE_TYPES,
  indexEventSubject,
  indexMessageId,
  type IndexEventBody,
  type IndexOperation,
} from '@cp/contract';
import { RepeatingTask } from '@cp/bus';
import type { LocatorToken } from '@cp/locator';
import { HUB_SENDER, signEnvelope, type SignedEnvelope } from '@cp/pki';
import { sentMessage, type LoggedMessage } from '@cp/message-log';
import { MessageLogService } from '../message-log/message-log.service';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { signingIdentityOf, type IndexBusCredentials } from './index-bus-credentials';
import { heartbeatMessageId, NOTHING_PUBLISHED } from './index-heartbeat';

const BATCH = 200;
const IDLE_POLL_MS = 250;
const PUBLISH_TIMEOUT_MS = 5_000;
const PUBLISHER_LOCK = 7_140_500_002;
/** Published rows are kept this long (beyond the stream's seven days), then pruned hourly. */
const KEEP_PUBLISHED_MS = 8 * 24 * 3600_000;
const PRUNE_EVERY_MS = 3600_000;

interface OutboxRow {
  sequence: string;
  child_id: string | null;
  version: number;
  operation: Exclude<IndexOperation, 'heartbeat'>;
  shielded: boolean;
  tokens: LocatorToken[];
  snapshot: string | null;
  created_at: Date;
}

/**
 * Publishes the outbox to JetStream in sequence order: each row signed by this node, sent with
 * Nats-Msg-Id `<LA>:<sequence>` (JetStream drops a repeat), marked published only after its PubAck.
 * A crash between PubAck and marking republishes the row: JetStream or the hub's sequence check drops it.
 */
@Injectable()
export class IndexPublisher {
  private readonly logger = new Logger(IndexPublisher.name);
  private target?: { connection: NatsConnection; credentials: IndexBusCredentials };
  private readonly relay = new RepeatingTask(() => this.cycle());
  private lastHeartbeat = 0;
  private lastPrune = 0;
  private failing = false;
  private readonly heartbeatMs: number;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
    private readonly messageLog: MessageLogService,
  ) {
    this.heartbeatMs = settings.INDEX_HEARTBEAT_SECONDS * 1000;
  }

  start(connection: NatsConnection, credentials: IndexBusCredentials): void {
    this.target = { connection, credentials };
    this.relay.start();
  }

  async stop(): Promise<void> {
    this.target = undefined;
    await this.relay.stop();
  }

  /** One round; returns the delay before the next (not taken once stopped). */
  private async cycle(): Promise<number> {
    if (!this.target) return IDLE_POLL_MS;
    let published = 0;
    try {
      published = await this.publishPending();
      if (published === 0 && Date.now() - this.lastHeartbeat >= this.heartbeatMs) await this.heartbeat();
      if (published === 0 && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) await this.prune();
      if (this.failing) this.logger.log('Index publishing resumed');
      this.failing = false;
    } catch (error) {
      // Logged once per outage: the backlog and its age show on the status endpoint meanwhile.
      if (!this.failing) this.logger.warn(`Index publishing paused: ${describePublishFailure(error)}`);
      this.failing = true;
    }
    return published >= BATCH ? 0 : IDLE_POLL_MS;
  }

  /** Publishes one batch of unpublished rows; returns how many were acknowledged and marked. */
  async publishPending(): Promise<number> {
    const target = this.target;
    if (!target) return 0;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [PUBLISHER_LOCK],
      );
      if (!locked) return 0; // another process of this node is publishing
      const rows = await manager.query<OutboxRow[]>(
        `SELECT sequence, child_id, version, operation, shielded, tokens, snapshot, created_at
           FROM index_outbox WHERE published_at IS NULL AND tokens IS NOT NULL
          ORDER BY sequence LIMIT $1`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const { connection, credentials } = target;
      const js = connection.jetstream();
      const identity = signingIdentityOf(credentials);
      const subject = indexEventSubject(credentials.laCode);
      // Sent back to back on one connection (so in order), acknowledged together.
      const envelopes = rows.map((row) =>
        signEnvelope(identity, { recipient: HUB_SENDER, type: INDEX_MESSAGE_TYPES.event, body: bodyOf(row) }),
      );
      const results = await Promise.allSettled(
        rows.map((row, index) =>
          js.publish(subject, JSON.stringify(envelopes[index]), {
            msgID: indexMessageId(credentials.laCode, row.sequence),
            timeout: PUBLISH_TIMEOUT_MS,
          }),
        ),
      );
      // Only the unbroken run from the first row counts as published: the rest are retried in order.
      const firstFailure = results.findIndex((result) => result.status === 'rejected');
      const done = firstFailure === -1 ? rows : rows.slice(0, firstFailure);
      if (done.length > 0) {
        await manager.query(
          `UPDATE index_outbox SET published_at = now() WHERE sequence = ANY($1::bigint[])`,
          [done.map((row) => row.sequence)],
        );
        await this.messageLog.write(manager, sentIndexEvents(envelopes.slice(0, done.length), credentials));
      }
      if (firstFailure !== -1) {
        const reason = (results[firstFailure] as PromiseRejectedResult).reason as unknown;
        throw new Error(
          `JetStream refused index event ${rows[firstFailure].sequence}: ${describePublishFailure(reason)}`,
        );
      }
      return done.length;
    });
  }

  /** Drops rows published long ago: the hub has them, and a resync rebuilds from the records anyway. */
  async prune(): Promise<number> {
    this.lastPrune = Date.now();
    const [, removed] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM index_outbox WHERE published_at < $1`,
      [new Date(Date.now() - KEEP_PUBLISHED_MS)],
    );
    return removed;
  }

  /**
   * Tells the hub this node is alive and how far it has published (so a lost last event is noticed), every
   * INDEX_HEARTBEAT_SECONDS while nothing else is published: also before its first event (sequence 0), so a
   * freshly enrolled node shows as up. Changes nothing in the hub's index.
   */
  async heartbeat(): Promise<void> {
    const target = this.target;
    if (!target) return;
    const [row] = await this.dataSource.query<{ last: string | null }[]>(
      `SELECT max(sequence)::text AS last FROM index_outbox WHERE published_at IS NOT NULL`,
    );
    const now = Date.now();
    this.lastHeartbeat = now;
    const last = row?.last ?? NOTHING_PUBLISHED;
    const { connection, credentials } = target;
    const body: IndexEventBody = {
      sequence: last,
      operation: 'heartbeat',
      childId: null,
      version: 0,
      shielded: false,
      tokens: [],
      createdAt: new Date(now).toISOString(),
      snapshot: null,
    };
    const envelope = signEnvelope(signingIdentityOf(credentials), {
      recipient: HUB_SENDER,
      type: INDEX_MESSAGE_TYPES.event,
      body,
    });
    await connection.jetstream().publish(indexEventSubject(credentials.laCode), JSON.stringify(envelope), {
      // One id per interval: a retry inside it is dropped by JetStream, the next interval's gets through.
      msgID: heartbeatMessageId(credentials.laCode, last, now, this.heartbeatMs),
      timeout: PUBLISH_TIMEOUT_MS,
    });
    await this.messageLog.write(undefined, sentIndexEvents([envelope], credentials));
  }
}

/** Index events as signed, for the message log (in the transaction that marks them published). */
function sentIndexEvents(envelopes: SignedEnvelope[], credentials: IndexBusCredentials): LoggedMessage[] {
  return envelopes.map((envelope) => sentMessage(envelope, credentials.certificatePem));
}

function bodyOf(row: OutboxRow): IndexEventBody {
  return {
    sequence: String(row.sequence),
    operation: row.operation,
    childId: row.child_id,
    version: row.version,
    shielded: row.shielded,
    tokens: row.tokens.map((token) => ({ kind: token.kind, value: token.value })),
    createdAt: new Date(row.created_at).toISOString(),
    snapshot: row.snapshot === null ? null : String(row.snapshot),
  };
}
