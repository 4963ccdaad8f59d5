import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { HandoverEndReason, HandoverReason, HandoverStepKind } from '@cp/contract';
import { ConflictError, InvalidInputError, NotFoundError } from '@cp/errors';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import type { AuditAction } from '../audit/audit-entry.entity';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { Child } from '../record-store/child.entity';
import { lockChild } from '../record-store/record-rows';
import { assertWritable } from '../record-store/record-rules';
import { RecordTransactions } from '../record-store/record-transactions';
import { NodeHandover, type NodeHandoverState } from './handover.entity';
import { failpoint } from './handover-failpoint';
import { enqueueStep } from './handover-outbox';

/** A handover as this node's data managers see it: ids, codes and step only. */
export interface HandoverView {
  id: string;
  childId: string;
  role: NodeHandover['role'];
  initiatedBy: NodeHandover['initiatedBy'];
  fromLaCode: string;
  toLaCode: string;
  reasonCode: string;
  step: NodeHandoverState;
  endReason: string | null;
  correlationId: string;
  createdAt: string;
  updatedAt: string;
}

function viewOf(row: NodeHandover): HandoverView {
  return {
    id: row.id,
    childId: row.childId,
    role: row.role,
    initiatedBy: row.initiatedBy,
    fromLaCode: row.fromLa,
    toLaCode: row.toLa,
    reasonCode: row.reasonCode,
    step: row.state,
    endReason: row.endReason,
    correlationId: row.correlationId,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/**
 * What data managers do about handovers: start one (A), ask for one (B), answer one, cancel one, list them.
 * Each action is one transaction: the local step, the record's freeze or thaw, the step for the hub in
 * the outbox, and the audit entry under the handover's correlation id, or none of them.
 */
@Injectable()
export class HandoverService {
  private readonly logger = new Logger(HandoverService.name);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  /** A's data manager: the child moved to `toLaCode`. The record is frozen until the handover ends. */
  async start(
    input: { childId: string; toLaCode: string; reasonCode: HandoverReason },
    context: AccessContext,
  ): Promise<HandoverView> {
    const me = this.settings.NODE_LA_CODE;
    if (input.toLaCode === me)
      throw InvalidInputError.field('toLaCode', 'otherLa', 'A record is handed over to another LA');
    const view = await this.transactions.run(async (manager) => {
      const child = await lockChild(manager, input.childId);
      assertWritable(child);
      const handover = await this.insert(manager, {
        childId: child.id,
        role: 'sender',
        initiatedBy: 'sender',
        fromLa: me,
        toLa: input.toLaCode,
        reasonCode: input.reasonCode,
        state: 'started',
        correlationId: context.correlationId,
      });
      await manager.getRepository(Child).update({ id: child.id }, { handoverId: handover.id });
      await enqueueStep(manager, handover, 'start');
      await this.record(manager, context, 'handover.start', handover);
      return viewOf(handover);
    });
    failpoint(this.settings.HANDOVER_FAILPOINT, 'sender-started', input.childId);
    this.logger.log(`Handover ${view.id} of child ${view.childId} to LA ${view.toLaCode} started`);
    return view;
  }

  /** B's data manager: the index found this child at `fromLaCode` and it is the same child; A is asked. */
  async request(
    input: { childId: string; fromLaCode: string; reasonCode: HandoverReason },
    context: AccessContext,
  ): Promise<HandoverView> {
    const me = this.settings.NODE_LA_CODE;
    if (input.fromLaCode === me)
      throw InvalidInputError.field('fromLaCode', 'otherLa', 'A record is asked for from another LA');
    return this.transactions.run(async (manager) => {
      const held = await manager.getRepository(Child).findOneBy({ id: input.childId });
      if (held && !held.movedOut) {
        const message = `Record ${input.childId} is already held by this LA`;
        throw new ConflictError(message, [{ field: 'childId', rule: 'alreadyHeld', message }]);
      }
      const handover = await this.insert(manager, {
        childId: input.childId,
        role: 'receiver',
        initiatedBy: 'receiver',
        fromLa: input.fromLaCode,
        toLa: me,
        reasonCode: input.reasonCode,
        state: 'started',
        correlationId: context.correlationId,
      });
      await enqueueStep(manager, handover, 'start');
      await this.record(manager, context, 'handover.start', handover);
      return viewOf(handover);
    });
  }

  /** The side asked accepts: A's data manager (B asked) or B's (A offered). */
  async accept(id: string, context: AccessContext): Promise<HandoverView> {
    const view = await this.answer(id, context, 'accept', 'accepted');
    if (view.role === 'receiver')
      failpoint(this.settings.HANDOVER_FAILPOINT, 'receiver-accepted', view.childId);
    return view;
  }

  /** The side asked refuses, with a reason; A's record is as it was. */
  refuse(id: string, reasonCode: HandoverEndReason, context: AccessContext): Promise<HandoverView> {
    return this.answer(id, context, 'refuse', 'ended', reasonCode);
  }

  /** Either side asks the hub to cancel; the record stays frozen until the hub says how it ended. */
  async cancel(id: string, reasonCode: HandoverEndReason, context: AccessContext): Promise<HandoverView> {
    return this.transactions.run(async (manager) => {
      const handover = await this.lock(manager, id);
      if (
        !['started', 'awaiting-answer', 'accepted', 'package-sent', 'package-received'].includes(
          handover.state,
        )
      )
        throw this.wrongStep(handover, 'cancelled');
      await this.update(manager, handover, { state: 'cancelling', endReason: reasonCode });
      await enqueueStep(manager, handover, 'cancel', { endReason: reasonCode });
      await this.record(manager, context, 'handover.cancel', handover, { endReason: reasonCode });
      return viewOf(handover);
    });
  }

  async list(context: AccessContext): Promise<HandoverView[]> {
    return this.transactions.run(async (manager) => {
      const rows = await manager
        .getRepository(NodeHandover)
        .find({ order: { createdAt: 'DESC' }, take: 500 });
      await this.audit.record(manager, {
        context,
        action: 'handover.list',
        outcome: 'allowed',
        detail: { handovers: rows.length },
      });
      return rows.map(viewOf);
    });
  }

  private async answer(
    id: string,
    context: AccessContext,
    kind: Extract<HandoverStepKind, 'accept' | 'refuse'>,
    state: NodeHandoverState,
    endReason?: HandoverEndReason,
  ): Promise<HandoverView> {
    return this.transactions.run(async (manager) => {
      const handover = await this.lock(manager, id);
      if (handover.state !== 'awaiting-answer')
        throw this.wrongStep(handover, kind === 'accept' ? 'accepted' : 'refused');
      await this.update(manager, handover, { state, endReason: endReason ?? null });
      // A refusal by the holder thaws the record at once: the hub cannot go on without this side's accept.
      if (kind === 'refuse' && handover.role === 'sender')
        await manager.query(`UPDATE child SET handover_id = NULL WHERE id = $1 AND handover_id = $2`, [
          handover.childId,
          handover.id,
        ]);
      await enqueueStep(manager, handover, kind, endReason ? { endReason } : {});
      await this.record(manager, context, 'handover.answer', handover, {
        answer: kind,
        endReason: endReason ?? 'none',
      });
      return viewOf(handover);
    });
  }

  private wrongStep(handover: NodeHandover, wanted: string): ConflictError {
    const message = `Handover ${handover.id} is at step ${handover.state}: it cannot be ${wanted} now`;
    return new ConflictError(message, [{ field: 'step', rule: 'handoverStep', message }]);
  }

  private async insert(
    manager: EntityManager,
    values: Omit<NodeHandover, 'id' | 'endReason' | 'package' | 'createdAt' | 'updatedAt'>,
  ): Promise<NodeHandover> {
    const open = await manager
      .getRepository(NodeHandover)
      .createQueryBuilder('h')
      .where("h.child_id = :childId AND h.state NOT IN ('completed', 'ended')", { childId: values.childId })
      .getOne();
    if (open) {
      const message = `Child ${values.childId} already has a handover in progress (${open.id})`;
      throw new ConflictError(message, [
        { field: 'handoverInProgress', rule: 'handoverInProgress', message },
      ]);
    }
    const now = new Date();
    const handover = Object.assign(new NodeHandover(), {
      id: randomUUID(),
      ...values,
      endReason: null,
      package: null,
      createdAt: now,
      updatedAt: now,
    });
    await manager.getRepository(NodeHandover).insert(handover);
    return handover;
  }

  private async lock(manager: EntityManager, id: string): Promise<NodeHandover> {
    const handover = await manager
      .getRepository(NodeHandover)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!handover) throw new NotFoundError(`No handover ${id}`);
    return handover;
  }

  private async update(
    manager: EntityManager,
    handover: NodeHandover,
    change: Partial<Pick<NodeHandover, 'state' | 'endReason'>>,
  ): Promise<void> {
    Object.assign(handover, change, { updatedAt: new Date() });
    await manager
      .getRepository(NodeHandover)
      .update({ id: handover.id }, { ...change, updatedAt: handover.updatedAt });
  }

  private async record(
    manager: EntityManager,
    context: AccessContext,
    action: AuditAction,
    handover: NodeHandover,
    detail: Record<string, string> = {},
  ): Promise<void> {
    await this.audit.record(manager, {
      // Every entry of a handover, at A, B and the hub, carries the handover's one correlation id.
      context: { ...context, correlationId: handover.correlationId },
      action,
      outcome: 'allowed',
      childId: handover.childId,
      detail: {
        handoverId: handover.id,
        role: handover.role,
        fromLa: handover.fromLa,
        toLa: handover.toLa,
        step: handover.state,
        ...detail,
      },
    });
  }
}
