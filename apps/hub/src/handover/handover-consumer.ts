import { Inject, Injectable, Logger } from '@nestjs/common';
import type { JsMsg, NatsConnection } from 'nats';
import { HANDOVER_CONSUMER, HANDOVER_MESSAGE_TYPES, HANDOVER_STREAM } from '@cp/contract';
import { DurablePull } from '@cp/bus';
import { EnvelopeRejectedError } from '@cp/pki';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { HandoverCoordinator, type StepOutcome } from './handover-coordinator.service';
import { MalformedHandoverStepError, parseHandoverStep } from './handover-decisions';
import { failpoint } from './handover-failpoint';
import { HandoverTrustService } from './handover-trust.service';

const RETRY_DELAY_MS = 2_000;

/**
 * Pulls the nodes' handover steps from JetStream one at a time: verifies, applies in one transaction,
 * then acknowledges. A crash before the acknowledgement redelivers the step, which the step log then
 * finds applied. A step that can never be believed is terminated and logged (ids only).
 */
@Injectable()
export class HandoverConsumer {
  private readonly logger = new Logger(HandoverConsumer.name);
  private readonly pull = new DurablePull({
    stream: HANDOVER_STREAM,
    durable: HANDOVER_CONSUMER,
    handle: (message) => this.handle(message),
    onRestart: (error) =>
      this.logger.error(
        `Handover consumer stopped: ${error instanceof Error ? error.name : 'unknown'}; restarting`,
      ),
    retryDelayMs: RETRY_DELAY_MS,
  });

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly trust: HandoverTrustService,
    private readonly coordinator: HandoverCoordinator,
  ) {}

  start(connection: NatsConnection): void {
    this.pull.start(connection);
  }

  stop(): Promise<void> {
    return this.pull.stop();
  }

  async handle(message: JsMsg): Promise<StepOutcome | undefined> {
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
