import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HandoverDeliveryKind, HubHandoverState } from '@cp/contract';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { HandoverCoordinator } from './handover-coordinator.service';
import type { Operator } from '../trust/operators/operator-actions';

export type HandoverListFilter = 'in-flight' | 'stuck';

/** A handover as operators see it: ids, LA codes, step, codes and times; never personal data. */
export interface HandoverSummary {
  id: string;
  childId: string;
  fromLa: string;
  toLa: string;
  initiatedBy: string;
  reasonCode: string;
  step: HubHandoverState;
  endReason: string | null;
  correlationId: string;
  createdAt: string;
  stepAt: string;
  secondsAtStep: number;
  stuck: boolean;
  pendingDeliveries: {
    laCode: string;
    kind: HandoverDeliveryKind;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string;
  }[];
}

interface Row {
  id: string;
  child_id: string;
  from_la: string;
  to_la: string;
  initiated_by: string;
  reason_code: string;
  state: HubHandoverState;
  end_reason: string | null;
  correlation_id: string;
  created_at: Date;
  step_at: Date;
  seconds_at_step: number;
  pending: {
    laCode: string;
    kind: HandoverDeliveryKind;
    attempts: number;
    lastError: string | null;
    nextAttemptAt: string;
  }[];
}

/**
 * Operators' view of handovers (also what the hub console calls): in flight means not finished (an open
 * step or a delivery not yet acknowledged); stuck means in flight and at its step longer than
 * HANDOVER_STUCK_AFTER_SECONDS.
 */
@Injectable()
export class HandoversService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly coordinator: HandoverCoordinator,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
  ) {}

  async listHandovers(filter: HandoverListFilter = 'in-flight'): Promise<HandoverSummary[]> {
    const stuckAfter = this.settings.HANDOVER_STUCK_AFTER_SECONDS;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT h.id, h.child_id, h.from_la, h.to_la, h.initiated_by, h.reason_code, h.state, h.end_reason,
              h.correlation_id, h.created_at, h.step_at,
              extract(epoch FROM now() - h.step_at)::int AS seconds_at_step,
              coalesce(json_agg(json_build_object('laCode', d.la_code, 'kind', d.kind, 'attempts', d.attempts,
                         'lastError', d.last_error, 'nextAttemptAt', d.next_attempt_at) ORDER BY d.sequence)
                       FILTER (WHERE d.id IS NOT NULL), '[]') AS pending
         FROM handover h
         LEFT JOIN handover_delivery d
           ON d.handover_id = h.id AND d.delivered_at IS NULL AND d.voided_at IS NULL
        GROUP BY h.id
       HAVING (h.state IN ('requested', 'accepted', 'package-sent') OR count(d.id) > 0)
          AND ($1::boolean = false OR h.step_at < now() - make_interval(secs => $2))
        ORDER BY h.step_at`,
      [filter === 'stuck', stuckAfter],
    );
    return rows.map((row) => ({
      id: row.id,
      childId: row.child_id,
      fromLa: row.from_la,
      toLa: row.to_la,
      initiatedBy: row.initiated_by,
      reasonCode: row.reason_code,
      step: row.state,
      endReason: row.end_reason,
      correlationId: row.correlation_id,
      createdAt: row.created_at.toISOString(),
      stepAt: row.step_at.toISOString(),
      secondsAtStep: row.seconds_at_step,
      stuck: row.seconds_at_step > stuckAfter,
      pendingDeliveries: row.pending.map((pending) => ({
        ...pending,
        nextAttemptAt: new Date(pending.nextAttemptAt).toISOString(),
      })),
    }));
  }

  async retry(id: string, operator: Operator): Promise<{ id: string; requeued: number }> {
    return { id, ...(await this.coordinator.retry(id, operator)) };
  }

  async abort(
    id: string,
    operator: Operator,
  ): Promise<{ id: string; step: HubHandoverState; applied: boolean }> {
    const decision = await this.coordinator.abort(id, operator);
    return { id, step: decision.state, applied: decision.outcome === 'applied' };
  }
}
