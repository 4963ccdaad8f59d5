import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { INDEX_MESSAGE_TYPES, laCodeOfHubSubject } from '@cp/contract';
import type { LaStreamConsumers, LaStreamFill } from '@cp/bus';
import { EnvelopeRejectedError } from '@cp/pki';
import { AdmittedLaStreams } from '../trust/certificates/admitted-la-streams';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { IndexApplyService, type ApplyOutcome } from './index-apply.service';
import { IndexEnvelopeVerifier } from './index-envelope-verifier';
import { MalformedIndexEventError, parseIndexEvent } from './index-event';
import { IndexResyncService } from './index-resync.service';
import { indexStreamFamily } from './index-stream';

/** A message that could not be applied now (database trouble) is tried again after this long. */
const RETRY_DELAY_MS = 2_000;

/**
 * JetStream adapter: pulls each LA's index events one at a time from that LA's own stream, verifies,
 * applies, then acknowledges. A crash before the acknowledgement redelivers the event, which the sequence check
 * ignores. A refused event is terminated (never redelivered) and becomes a gap, repaired by a resync.
 */
@Injectable()
export class IndexFeedConsumer {
  private readonly logger = new Logger(IndexFeedConsumer.name);
  private readonly streams: LaStreamConsumers;

  constructor(
    @Inject(HUB_SETTINGS) settings: HubSettings,
    laStreams: AdmittedLaStreams,
    private readonly verifier: IndexEnvelopeVerifier,
    private readonly feed: IndexApplyService,
    private readonly resync: IndexResyncService,
  ) {
    this.streams = laStreams.create(
      indexStreamFamily(settings),
      (message, laCode) => this.handle(message, laCode),
      this.logger,
    );
  }

  /** Makes (or finds) every admitted LA's stream and consumes them all. */
  start(connection: NatsConnection): Promise<void> {
    return this.streams.start(connection);
  }

  stop(): Promise<void> {
    return this.streams.stop();
  }

  /** Opens the streams of LAs admitted since the last refresh (tests call it instead of waiting). */
  refresh(): Promise<void> {
    return this.streams.refresh();
  }

  fill(): Promise<LaStreamFill[]> {
    return this.streams.fill();
  }

  /** One event of the LA whose stream it came from, start to acknowledgement. Exposed for tests. */
  async handle(message: JsMsg, streamLa: string): Promise<ApplyOutcome | undefined> {
    const laCode = laCodeOfHubSubject(message.subject);
    if (!laCode || laCode !== streamLa) {
      this.logger.warn(`Refused index event ${message.seq} in LA ${streamLa}'s stream: wrong subject`);
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
