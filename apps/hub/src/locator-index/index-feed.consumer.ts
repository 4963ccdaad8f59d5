import { Injectable, Logger } from '@nestjs/common';
import type { ConsumerMessages, JsMsg, NatsConnection } from 'nats';
import { INDEX_CONSUMER, INDEX_MESSAGE_TYPES, INDEX_STREAM, laCodeOfHubSubject } from '@cp/contract';
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
  private messages?: ConsumerMessages;
  private running?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly verifier: IndexEnvelopeVerifier,
    private readonly feed: IndexApplyService,
    private readonly resync: IndexResyncService,
  ) {}

  start(connection: NatsConnection): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run(connection).finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.running;
  }

  private async run(connection: NatsConnection): Promise<void> {
    while (!this.stopping && !connection.isClosed()) {
      try {
        const consumer = await connection.jetstream().consumers.get(INDEX_STREAM, INDEX_CONSUMER);
        this.messages = await consumer.consume({ max_messages: 1 });
        for await (const message of this.messages) {
          await this.handle(message);
          if (this.stopping) break;
        }
      } catch (error) {
        if (this.stopping || connection.isClosed() || connection.isDraining()) break;
        this.logger.error(`Index feed consumer stopped: ${String(error)}; restarting`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
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
