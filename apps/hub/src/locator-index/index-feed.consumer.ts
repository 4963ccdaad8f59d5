import { Injectable, Logger } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { INDEX_CONSUMER, INDEX_MESSAGE_TYPES, INDEX_STREAM, laCodeOfHubSubject } from '@cp/contract';
import { DurablePull } from '@cp/bus';
import { EnvelopeRejectedError } from '@cp/pki';
import { IndexApplyService, type ApplyOutcome } from './index-apply.service';
import { IndexEnvelopeVerifier } from './index-envelope-verifier';
import { MalformedIndexEventError, parseIndexEvent } from './index-event';
import { IndexResyncService } from './index-resync.service';

const RETRY_DELAY_MS = 2_000;

/**
 * JetStream adapter: pulls index events one at a time from the hub's durable consumer, verifies, applies,
 * then acknowledges. A crash before the acknowledgement redelivers the event, which the sequence check
 * ignores. A refused event is terminated (never redelivered) and becomes a gap, repaired by a resync.
 */
@Injectable()
export class IndexFeedConsumer {
  private readonly logger = new Logger(IndexFeedConsumer.name);
  private readonly pull = new DurablePull({
    stream: INDEX_STREAM,
    durable: INDEX_CONSUMER,
    handle: (message) => this.handle(message),
    onRestart: (error) => this.logger.error(`Index feed consumer stopped: ${String(error)}; restarting`),
    retryDelayMs: RETRY_DELAY_MS,
  });

  constructor(
    private readonly verifier: IndexEnvelopeVerifier,
    private readonly feed: IndexApplyService,
    private readonly resync: IndexResyncService,
  ) {}

  start(connection: NatsConnection): void {
    this.pull.start(connection);
  }

  stop(): Promise<void> {
    return this.pull.stop();
  }

  /** One event, start to acknowledgement. Exposed for tests of redelivery. */
  async handle(message: JsMsg): Promise<ApplyOutcome | undefined> {
    const laCode = laCodeOfHubSubject(message.subject);
    if (!laCode) {
      message.term();
      return undefined;
    }
    let outcome: ApplyOutcome;
    try {
      const envelope = await this.verifier.verify(laCode, message.json<unknown>(), INDEX_MESSAGE_TYPES.event);
      outcome = await this.feed.apply(laCode, parseIndexEvent(envelope.body));
    } catch (error) {
      if (
        error instanceof EnvelopeRejectedError ||
        error instanceof MalformedIndexEventError ||
        error instanceof SyntaxError
      ) {
        const reason = error instanceof EnvelopeRejectedError ? error.reason : error.message;
        this.logger.warn(`Refused index event ${message.seq} on LA ${laCode}'s subject: ${reason}`);
        message.term();
        return undefined;
      }
      // Database or other transient trouble: try the same event again shortly, keeping order.
      this.logger.error(`Could not apply index event ${message.seq} of LA ${laCode}: ${String(error)}`);
      message.nak(RETRY_DELAY_MS);
      return undefined;
    }
    message.ack();
    if (outcome.resyncNeeded) {
      this.resync
        .requestIfDue(laCode)
        .catch((error: unknown) =>
          this.logger.error(`Resync request for LA ${laCode} failed: ${String(error)}`),
        );
    }
    return outcome;
  }
}
