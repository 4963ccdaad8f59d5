import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  INDEX_MESSAGE_TYPES,
  indexResyncSubject,
  type IndexResyncAcceptedBody,
  type IndexResyncRequestBody,
} from '@cp/contract';
import { receivedMessage } from '@cp/message-log';
import { FederationMessagesService } from '../federation/federation-messages.service';
import { MessageLogService } from '../message-log/message-log.service';
import { IndexApplyService } from './index-apply.service';
import { IndexBusConnection } from './index-bus-connection';
import { IndexEnvelopeVerifier } from './index-envelope-verifier';

/** A resync request is repeated after this long if the snapshot has not completed. */
export const RESYNC_RETRY_MS = 60_000;
const RESYNC_REQUEST_TIMEOUT_MS = 5_000;

export interface ResyncRequestResult {
  laCode: string;
  requested: boolean;
  /** The node's snapshot-begin sequence when it accepted. */
  snapshotSequence?: string;
  /** Why no request reached the node (bus down, no answer, refused): no personal data. */
  problem?: string;
}

/**
 * Asks a node to resend its whole index (after a gap, or on an operator's word), and keeps asking,
 * at most once per RESYNC_RETRY_MS, until a complete snapshot has been applied.
 */
@Injectable()
export class IndexResyncService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(IndexResyncService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: IndexBusConnection,
    private readonly messages: FederationMessagesService,
    private readonly verifier: IndexEnvelopeVerifier,
    private readonly feed: IndexApplyService,
    private readonly messageLog: MessageLogService,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.retryDue().catch((error: unknown) => this.logger.error(`Resync retry failed: ${String(error)}`));
    }, RESYNC_RETRY_MS / 4);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** An operator's request: asks at once unless a request went out within RESYNC_RETRY_MS. */
  async requestByOperator(laCode: string): Promise<ResyncRequestResult> {
    await this.feed.requireResync(laCode, 'operator');
    const result = await this.requestIfDue(laCode, 'operator');
    return (
      result ?? {
        laCode,
        requested: false,
        problem: this.bus.current()
          ? 'A resync was requested less than a minute ago'
          : 'The hub is not connected to the bus: it will ask when it is',
      }
    );
  }

  /** After a gap: asks unless a request went out within RESYNC_RETRY_MS. */
  async requestIfDue(
    laCode: string,
    reason: IndexResyncRequestBody['reason'] = 'gap',
  ): Promise<ResyncRequestResult | undefined> {
    return this.request(laCode, reason);
  }

  private async retryDue(): Promise<void> {
    if (!this.bus.current()) return;
    const rows = await this.dataSource.query<{ la_code: string }[]>(
      `SELECT la_code FROM locator_la_state
        WHERE resync_needed_since IS NOT NULL AND (resync_requested_at IS NULL OR resync_requested_at < $1)`,
      [new Date(Date.now() - RESYNC_RETRY_MS)],
    );
    for (const row of rows) await this.request(row.la_code, 'gap');
  }

  private async request(
    laCode: string,
    reason: IndexResyncRequestBody['reason'],
  ): Promise<ResyncRequestResult | undefined> {
    const connection = this.bus.current();
    if (!connection) return undefined;
    // Claims the request atomically: two gaps seen at once, or an operator pressing twice, ask once.
    // pg answers an UPDATE ... RETURNING as [rows, count].
    const [[state]] = await this.dataSource.query<[{ last_sequence: string }[], number]>(
      `UPDATE locator_la_state SET resync_requested_at = now()
        WHERE la_code = $1 AND resync_needed_since IS NOT NULL
          AND (resync_requested_at IS NULL OR resync_requested_at < $2)
        RETURNING last_sequence`,
      [laCode, new Date(Date.now() - RESYNC_RETRY_MS)],
    );
    if (!state) return undefined;
    const body: IndexResyncRequestBody = { reason, lastAppliedSequence: state.last_sequence };
    const envelope = await this.messages.sign(laCode, INDEX_MESSAGE_TYPES.resyncRequest, body);
    try {
      const reply = await connection.request(indexResyncSubject(laCode), JSON.stringify(envelope), {
        timeout: RESYNC_REQUEST_TIMEOUT_MS,
      });
      const { envelope: answer, certificatePem } = await this.verifier.verifyWithSigner(
        laCode,
        JSON.parse(reply.string()) as unknown,
        INDEX_MESSAGE_TYPES.resyncAccepted,
      );
      await this.messageLog.write(undefined, [receivedMessage(answer, certificatePem)]);
      const accepted = answer.body as IndexResyncAcceptedBody;
      this.logger.log(`LA ${laCode} accepted a resync (${reason}): snapshot ${accepted.snapshotSequence}`);
      return { laCode, requested: true, snapshotSequence: accepted.snapshotSequence };
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Resync request to LA ${laCode} failed: ${problem}`);
      return { laCode, requested: false, problem };
    }
  }
}
