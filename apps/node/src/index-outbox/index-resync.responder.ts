import { Injectable, Logger } from '@nestjs/common';
import type { Msg, NatsConnection, Subscription } from 'nats';
import {
  INDEX_MESSAGE_TYPES,
  indexResyncSubject,
  MESSAGE_TYPES,
  type IndexResyncAcceptedBody,
  type RefusalBody,
} from '@cp/contract';
import {
  certificateFingerprint,
  DEFAULT_FRESHNESS_MS,
  EnvelopeRejectedError,
  HUB_SENDER,
  pinnedSender,
  ReplayCache,
  signEnvelope,
  verifyEnvelope,
  type JsonValue,
} from '@cp/pki';
import { receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import { MessageLogService } from '../message-log/message-log.service';
import { signingIdentityOf, type IndexBusCredentials } from './index-bus-credentials';
import { IndexOutboxService } from './index-outbox.service';

/**
 * Answers the hub's resync requests (after a gap it saw, or an operator's): checks the request is signed
 * with the hub certificate from enrolment, queues a full snapshot, answers signed with its sequence.
 */
@Injectable()
export class IndexResyncResponder {
  private readonly logger = new Logger(IndexResyncResponder.name);
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private subscription?: Subscription;

  constructor(
    private readonly outbox: IndexOutboxService,
    private readonly messageLog: MessageLogService,
  ) {}

  start(connection: NatsConnection, credentials: IndexBusCredentials): void {
    this.subscription?.unsubscribe();
    this.subscription = connection.subscribe(indexResyncSubject(credentials.laCode), {
      callback: (error, message) => {
        if (error) return;
        this.answer(message, credentials).catch((failure: unknown) =>
          this.logger.error(
            `Resync answer failed: ${failure instanceof Error ? failure.message : 'unknown'}`,
          ),
        );
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private async answer(message: Msg, credentials: IndexBusCredentials): Promise<void> {
    const hubFingerprint = certificateFingerprint(credentials.hubCertificatePem);
    const identity = signingIdentityOf(credentials);
    const kept: LoggedMessage[] = [];
    // Each answer is kept (with the request it answers, when that was the hub's) in its own insert before it goes.
    const reply = async (type: string, body: JsonValue) => {
      const signed = signEnvelope(identity, { recipient: HUB_SENDER, type, body });
      await this.messageLog.write(undefined, [...kept, sentMessage(signed, credentials.certificatePem)]);
      message.respond(JSON.stringify(signed));
    };
    try {
      const request = await verifyEnvelope(JSON.parse(message.string()) as unknown, {
        lookup: pinnedSender({
          sender: HUB_SENDER,
          certificatePem: credentials.hubCertificatePem,
          fingerprint: hubFingerprint,
        }),
        recipient: credentials.laCode,
        type: INDEX_MESSAGE_TYPES.resyncRequest,
        replayCache: this.replayCache,
      });
      kept.push(receivedMessage(request, credentials.hubCertificatePem));
    } catch (error) {
      const reason = error instanceof EnvelopeRejectedError ? error.reason : 'malformed';
      this.logger.warn(`Refused a resync request: ${reason}`);
      const refusal: RefusalBody = { reason, message: 'Resync request refused' };
      await reply(MESSAGE_TYPES.refusal, refusal);
      return;
    }
    const snapshot = await this.outbox.enqueueSnapshot();
    const accepted: IndexResyncAcceptedBody = {
      snapshotSequence: snapshot.snapshotSequence,
      entries: String(snapshot.entries),
    };
    await reply(INDEX_MESSAGE_TYPES.resyncAccepted, accepted);
  }
}
