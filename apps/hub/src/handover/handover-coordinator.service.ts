import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { HANDOVER_CONTRACT_VERSION, type HandoverDeliveryBody, type HandoverStepBody } from '@cp/contract';
import { NotFoundError } from '@cp/errors';
import {
  decideAbort,
  decideStart,
  decideStep,
  isOpen,
  laOf,
  sideOf,
  type Decision,
  type HandoverFacts,
  type PlannedDelivery,
} from './handover-decisions';
import { MessageLogService } from '../message-log/message-log.service';
import { recordOperatorAction, type Operator } from '../trust/operators/operator-actions';
import { HandoverTrustService } from './handover-trust.service';
import type { HubHandover } from './hub-handover.entity';

export type StepOutcome = 'applied' | 'duplicate' | 'ignored';

interface HandoverRow {
  id: string;
  child_id: string;
  from_la: string;
  to_la: string;
  initiated_by: HubHandover['initiatedBy'];
  reason_code: HubHandover['reasonCode'];
  state: HubHandover['state'];
  end_reason: string | null;
  correlation_id: string;
}

function factsOf(row: HandoverRow): HandoverFacts {
  return { state: row.state, initiatedBy: row.initiated_by, fromLa: row.from_la, toLa: row.to_la };
}

/**
 * The hub's side of the saga: applies each node's step once (handover id + kind + LA is the step log's key),
 * in one transaction with the handover's new state and the deliveries it calls for (the hub's outbox).
 * The handover row, locked, is where the one decision is taken: completed, or ended with a reason.
 */
@Injectable()
export class HandoverCoordinator {
  private readonly logger = new Logger(HandoverCoordinator.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly trust: HandoverTrustService,
    private readonly messageLog: MessageLogService,
  ) {}

  async applyStep(laCode: string, step: HandoverStepBody): Promise<StepOutcome> {
    const signed = this.trust.takeVerifiedStep(laCode, step.handoverId, step.kind);
    return this.dataSource.transaction(async (manager) => {
      // The step as signed (a package inside stays sealed), kept in the transaction that applies it.
      if (signed) await this.messageLog.write(manager, [signed]);
      const [, inserted] = await manager.query<[unknown, number]>(
        `INSERT INTO handover_step (handover_id, kind, la_code, outcome) VALUES ($1, $2, $3, 'pending')
         ON CONFLICT DO NOTHING`,
        [step.handoverId, step.kind, laCode],
      );
      if (inserted === 0) return 'duplicate';
      const decision =
        step.kind === 'start'
          ? await this.start(manager, laCode, step)
          : await this.next(manager, laCode, step);
      await manager.query(
        `UPDATE handover_step SET outcome = $4 WHERE handover_id = $1 AND kind = $2 AND la_code = $3`,
        [
          step.handoverId,
          step.kind,
          laCode,
          decision ? `${decision.outcome}: ${decision.why}` : 'ignored: unknown',
        ],
      );
      if (decision?.outcome === 'applied')
        this.logger.log(`Handover ${step.handoverId}: ${step.kind} from LA ${laCode} -> ${decision.state}`);
      return decision?.outcome ?? 'ignored';
    });
  }

  private async start(
    manager: EntityManager,
    laCode: string,
    step: HandoverStepBody,
  ): Promise<Decision | undefined> {
    const initiatedBy = step.initiatedBy ?? 'sender';
    if (laCode !== (initiatedBy === 'sender' ? step.fromLa : step.toLa)) return undefined;
    const [existing] = await manager.query<{ id: string }[]>(`SELECT id FROM handover WHERE id = $1`, [
      step.handoverId,
    ]);
    if (existing) return undefined;
    const [claimed] = await manager.query<HandoverRow[]>(
      `INSERT INTO handover (id, child_id, from_la, to_la, initiated_by, reason_code, state, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7)
       ON CONFLICT (child_id) WHERE state IN ('requested', 'accepted', 'package-sent') DO NOTHING
       RETURNING *`,
      [
        step.handoverId,
        step.childId,
        step.fromLa,
        step.toLa,
        initiatedBy,
        step.reasonCode,
        step.correlationId,
      ],
    );
    const decision = decideStart(initiatedBy, !claimed);
    let row = claimed;
    if (!row) {
      [row] = await manager.query<HandoverRow[]>(
        `INSERT INTO handover (id, child_id, from_la, to_la, initiated_by, reason_code, state, end_reason,
                               correlation_id, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) RETURNING *`,
        [
          step.handoverId,
          step.childId,
          step.fromLa,
          step.toLa,
          initiatedBy,
          step.reasonCode,
          decision.state,
          decision.endReason,
          step.correlationId,
        ],
      );
    }
    await this.deliver(manager, row, decision.deliveries, decision);
    return decision;
  }

  private async next(
    manager: EntityManager,
    laCode: string,
    step: HandoverStepBody,
  ): Promise<Decision | undefined> {
    const row = await this.lock(manager, step.handoverId);
    if (!row || row.child_id !== step.childId || row.from_la !== step.fromLa || row.to_la !== step.toLa)
      return undefined;
    const side = sideOf(factsOf(row), laCode);
    if (!side || step.kind === 'start') return undefined;
    const decision = decideStep(factsOf(row), { kind: step.kind, from: side, endReason: step.endReason });
    if (decision.outcome === 'applied') await this.record(manager, row, decision, step);
    return decision;
  }

  /** An operator ends an open handover; the record stays where it was. */
  async abort(handoverId: string, operator: Operator): Promise<Decision> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, handoverId);
      if (!row) throw new NotFoundError(`No handover ${handoverId}`);
      const decision = decideAbort(factsOf(row));
      if (decision.outcome === 'applied') await this.record(manager, row, decision);
      await recordOperatorAction(manager, operator, 'handover-abort', handoverId, decision.state);
      this.logger.log(`Handover ${handoverId}: abort by operator ${operator.serial} -> ${decision.state}`);
      return decision;
    });
  }

  /**
   * An operator's retry: every undelivered delivery is due now; when none is left and the handover is still
   * open, the last delivery is sent again, which makes the node send its answering step again (a step
   * JetStream lost is then recovered; one already applied is a duplicate).
   */
  async retry(handoverId: string, operator: Operator): Promise<{ requeued: number }> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, handoverId);
      if (!row) throw new NotFoundError(`No handover ${handoverId}`);
      await recordOperatorAction(manager, operator, 'handover-retry', handoverId, row.state);
      const [, pending] = await manager.query<[unknown, number]>(
        `UPDATE handover_delivery SET next_attempt_at = now(), attempts = 0
          WHERE handover_id = $1 AND delivered_at IS NULL AND voided_at IS NULL`,
        [handoverId],
      );
      if (pending > 0 || !isOpen(row.state)) return { requeued: pending };
      const [last] = await manager.query<
        { la_code: string; kind: string; payload: Record<string, unknown> }[]
      >(
        `SELECT la_code, kind, payload FROM handover_delivery WHERE handover_id = $1 AND voided_at IS NULL
          ORDER BY sequence DESC LIMIT 1`,
        [handoverId],
      );
      if (!last) return { requeued: 0 };
      const id = randomUUID();
      await manager.query(
        `INSERT INTO handover_delivery (id, handover_id, la_code, kind, payload) VALUES ($1, $2, $3, $4, $5)`,
        [id, handoverId, last.la_code, last.kind, { ...last.payload, deliveryId: id }],
      );
      return { requeued: 1 };
    });
  }

  private async lock(manager: EntityManager, handoverId: string): Promise<HandoverRow | undefined> {
    const [row] = await manager.query<HandoverRow[]>(`SELECT * FROM handover WHERE id = $1 FOR UPDATE`, [
      handoverId,
    ]);
    return row;
  }

  private async record(
    manager: EntityManager,
    row: HandoverRow,
    decision: Decision,
    step?: HandoverStepBody,
  ): Promise<void> {
    await manager.query(
      `UPDATE handover SET state = $2, end_reason = coalesce($3, end_reason), step_at = now(),
              ended_at = CASE WHEN $4 THEN now() ELSE ended_at END
        WHERE id = $1`,
      [row.id, decision.state, decision.endReason, !isOpen(decision.state)],
    );
    if (decision.voidPending) {
      await manager.query(
        `UPDATE handover_delivery SET voided_at = now(), payload = payload - 'package' - 'receipt'
          WHERE handover_id = $1 AND delivered_at IS NULL AND voided_at IS NULL`,
        [row.id],
      );
    }
    await this.deliver(
      manager,
      { ...row, state: decision.state, end_reason: decision.endReason },
      decision.deliveries,
      decision,
      step,
    );
  }

  /** Writes the deliveries a decision calls for: the hub's outbox, in the decision's transaction. */
  private async deliver(
    manager: EntityManager,
    row: HandoverRow,
    deliveries: PlannedDelivery[],
    decision: Decision,
    step?: HandoverStepBody,
  ): Promise<void> {
    for (const planned of deliveries) {
      const laCode = laOf(factsOf(row), planned.to);
      const id = randomUUID();
      const body: HandoverDeliveryBody = {
        v: HANDOVER_CONTRACT_VERSION,
        deliveryId: id,
        kind: planned.kind,
        handoverId: row.id,
        childId: row.child_id,
        fromLa: row.from_la,
        toLa: row.to_la,
        correlationId: row.correlation_id,
        initiatedBy: row.initiated_by,
        reasonCode: row.reason_code as HandoverDeliveryBody['reasonCode'],
      };
      if (planned.kind === 'ended') {
        body.state = decision.state;
        body.endReason = decision.endReason;
      }
      if (planned.kind === 'send-package') {
        const pem = await this.trust.currentCertificate(row.to_la);
        if (pem) body.peerCertificatePem = pem;
      }
      if (planned.kind === 'package' && step?.package) {
        body.package = step.package;
        const pem = await this.trust.certificateOf(
          row.from_la,
          (step.package as { certFingerprint?: unknown }).certFingerprint,
        );
        if (pem) body.peerCertificatePem = pem;
      }
      if (planned.kind === 'completed' && planned.to === 'sender' && step?.receipt) {
        body.receipt = step.receipt;
        const pem = await this.trust.certificateOf(
          row.to_la,
          (step.receipt as { certFingerprint?: unknown }).certFingerprint,
        );
        if (pem) body.peerCertificatePem = pem;
      }
      await manager.query(
        `INSERT INTO handover_delivery (id, handover_id, la_code, kind, payload) VALUES ($1, $2, $3, $4, $5)`,
        [id, row.id, laCode, planned.kind, body],
      );
    }
  }
}
