import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { HANDOVER_MESSAGE_TYPES, laCodeOfHubSubject } from '@cp/contract';
import type { LaStreamConsumers, LaStreamFill } from '@cp/bus';
import { EnvelopeRejectedError } from '@cp/pki';
import { AdmittedLaStreams } from '../trust/certificates/admitted-la-streams';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { HandoverCoordinator, type StepOutcome } from './handover-coordinator.service';
import { MalformedHandoverStepError, parseHandoverStep } from './handover-decisions';
import { failpoint } from './handover-failpoint';
import { handoverStreamFamily } from './handover-stream';
import { HandoverTrustService } from './handover-trust.service';

/** A message that could not be applied now (database trouble) is tried again after this long. */
const RETRY_DELAY_MS = 2_000;

/**
 * Pulls each node's handover steps from its own stream, one at a time: verifies, applies in one transaction,
 * then acknowledges. A crash before the acknowledgement redelivers the step, which the step log then
 * finds applied. A step that can never be believed is terminated and logged (ids only).
 */
@Injectable()
export class HandoverConsumer {
  private readonly logger = new Logger(HandoverConsumer.name);
  private readonly streams: LaStreamConsumers;

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    laStreams: AdmittedLaStreams,
    private readonly trust: HandoverTrustService,
    private readonly coordinator: HandoverCoordinator,
  ) {
    this.streams = laStreams.create(
      handoverStreamFamily(settings),
      (message, laCode) => this.handle(message, laCode),
      this.logger,
    );
  }

  /** Makes (or finds) every admitted LA's handover stream and consumes them all. */
  start(connection: NatsConnection): Promise<void> {
    return this.streams.start(connection);
  }

  stop(): Promise<void> {
    return this.streams.stop();
  }

  refresh(): Promise<void> {
    return this.streams.refresh();
  }

  fill(): Promise<LaStreamFill[]> {
    return this.streams.fill();
  }

  async handle(message: JsMsg, streamLa: string): Promise<StepOutcome | undefined> {
    if (laCodeOfHubSubject(message.subject) !== streamLa) {
      this.logger.warn(`Refused handover step ${message.seq} in LA ${streamLa}'s stream: wrong subject`);
      message.term();
      return undefined;
    }
    let outcome: StepOutcome;
    let childId = '';
    let kind = '';
    try {
      const { laCode, envelope } = await this.trust.verifyStep(
        message.subject,
        message.json<unknown>(),
        HANDOVER_MESSAGE_TYPES.step,
      );
      const step = parseHandoverStep(envelope.body);
      childId = step.childId;
      kind = step.kind;
      outcome = await this.coordinator.applyStep(laCode, step);
    } catch (error) {
      if (
        error instanceof EnvelopeRejectedError ||
        error instanceof MalformedHandoverStepError ||
        error instanceof SyntaxError
      ) {
        const reason = error instanceof EnvelopeRejectedError ? error.reason : error.message;
        this.logger.warn(`Refused handover step ${message.seq} on ${message.subject}: ${reason}`);
        message.term();
        return undefined;
      }
      this.logger.error(
        `Could not apply handover step ${message.seq}: ${error instanceof Error ? error.name : 'unknown'}`,
      );
      message.nak(RETRY_DELAY_MS);
      return undefined;
    }
    failpoint(this.settings.HANDOVER_FAILPOINT, 'hub-step-applied', childId, kind);
    message.ack();
    return outcome;
  }
}
