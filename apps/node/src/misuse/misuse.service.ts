import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { MisuseReport } from './misuse-report.entity';
import {
  accessOutsideWorkingHours,
  crossBoundaryPerDay,
  rateLimitedUsers,
  searchesWithoutFollowUp,
  sharedSurnameViews,
  shieldedRecordViews,
  unusualViewCounts,
  type MisuseFlag,
  type ReviewPolicy,
  type ReviewRow,
} from './misuse-rules';

export interface MisuseReportView {
  id: string | null;
  ranAt: string;
  trigger: 'daily' | 'on-demand';
  from: string;
  to: string;
  flags: MisuseFlag[];
}

interface RawRow {
  sequence: string;
  actor_id: string;
  actor_role: string;
  actor_la: string | null;
  action: string;
  outcome: string;
  occurred_at: Date;
  child_id: string | null;
  disclosed_child_ids: string[];
  detail: Record<string, unknown>;
}

/** Runs the misuse review over a period of the audit trail; the daily run is stored for the LA's IT console. */
@Injectable()
export class MisuseService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  policy(): ReviewPolicy {
    return {
      viewsPerDayThreshold: this.settings.MISUSE_VIEWS_PER_DAY_THRESHOLD,
      workingHoursStart: this.settings.WORKING_HOURS_START,
      workingHoursEnd: this.settings.WORKING_HOURS_END,
      timeZone: this.settings.WORKING_HOURS_TIMEZONE,
      searchFollowUpMinutes: this.settings.MISUSE_SEARCH_FOLLOW_UP_MINUTES,
    };
  }

  /** An auditor's run: not stored, but audited as a read of the audit trail. */
  async runOnDemand(from: Date, to: Date, context: AccessContext): Promise<MisuseReportView> {
    const flags = await this.review(from, to);
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        context,
        action: 'audit.read',
        outcome: 'allowed',
        detail: {
          query: 'misuse-report',
          from: from.toISOString(),
          to: to.toISOString(),
          flags: flags.length,
        },
      }),
    );
    return {
      id: null,
      ranAt: new Date().toISOString(),
      trigger: 'on-demand',
      from: from.toISOString(),
      to: to.toISOString(),
      flags,
    };
  }

  /** The node's daily run over the last 24 hours, stored. */
  async runDaily(now: Date = new Date()): Promise<MisuseReportView> {
    const to = now;
    const from = new Date(now.getTime() - 24 * 3600_000);
    const flags = await this.review(from, to);
    const report = this.dataSource.getRepository(MisuseReport).create({
      id: randomUUID(),
      ranAt: now,
      trigger: 'daily',
      periodFrom: from,
      periodTo: to,
      flagCount: flags.length,
      flags,
    });
    await this.dataSource.getRepository(MisuseReport).insert(report);
    return toView(report);
  }

  async storedReports(limit: number, context: AccessContext): Promise<MisuseReportView[]> {
    const reports = await this.dataSource
      .getRepository(MisuseReport)
      .find({ order: { ranAt: 'DESC' }, take: limit });
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        context,
        action: 'audit.read',
        outcome: 'allowed',
        detail: { query: 'misuse-reports', count: reports.length },
      }),
    );
    return reports.map(toView);
  }

  async review(from: Date, to: Date): Promise<MisuseFlag[]> {
    const policy = this.policy();
    const lookAheadEnd = new Date(to.getTime() + policy.searchFollowUpMinutes * 60_000);
    const raw: RawRow[] = await this.dataSource.query(
      `SELECT sequence, actor_id, actor_role, actor_la, action, outcome, occurred_at, child_id, disclosed_child_ids, detail
       FROM audit_entry
       WHERE occurred_at >= $1 AND occurred_at < $2 AND outcome = 'allowed'
         AND actor_role NOT IN ('system', 'anonymous')
       ORDER BY sequence`,
      [from, lookAheadEnd],
    );
    const rows = raw.map(toReviewRow);
    const inPeriod = rows.filter((row) => row.occurredAt.getTime() < to.getTime());
    return [
      ...unusualViewCounts(inPeriod, policy),
      ...accessOutsideWorkingHours(inPeriod, policy),
      ...shieldedRecordViews(inPeriod),
      ...searchesWithoutFollowUp(rows, policy, to),
      ...crossBoundaryPerDay(inPeriod, policy),
      ...sharedSurnameViews(await this.sharedSurnamePairs(from, to)),
      ...rateLimitedUsers(await this.rateLimitedRefusals(from, to)),
    ];
  }

  /** Refusals by a per-user rate limit in the period (refused entries are not in the main query). */
  private async rateLimitedRefusals(from: Date, to: Date): Promise<ReviewRow[]> {
    const raw: RawRow[] = await this.dataSource.query(
      `SELECT sequence, actor_id, actor_role, actor_la, action, outcome, occurred_at, child_id, disclosed_child_ids, detail
       FROM audit_entry
       WHERE occurred_at >= $1 AND occurred_at < $2 AND outcome = 'refused' AND action = 'access.refused'
         AND detail->>'reason' = 'rate-limited' AND actor_role NOT IN ('system', 'anonymous')
       ORDER BY sequence`,
      [from, to],
    );
    return raw.map(toReviewRow);
  }

  /** Compared in the database, so no name leaves it: only the entry, user and child ids come back. */
  private async sharedSurnamePairs(
    from: Date,
    to: Date,
  ): Promise<{ sequence: number; actorId: string; childId: string }[]> {
    const [{ exists }] = await this.dataSource.query<
      {
        exists: boolean;
      }[]
    >(`SELECT to_regclass('child') IS NOT NULL AS exists`);
    if (!exists) return [];
    const rows: { sequence: string; actor_id: string; child_id: string }[] = await this.dataSource.query(
      `SELECT e.sequence, e.actor_id, e.child_id
       FROM audit_entry e
       JOIN app_user u ON u.id::text = e.actor_id
       JOIN child c ON c.id = e.child_id
       WHERE e.action = 'record.view' AND e.outcome = 'allowed'
         AND e.occurred_at >= $1 AND e.occurred_at < $2
         AND lower(c.family_name) = lower(u.family_name)
       ORDER BY e.sequence`,
      [from, to],
    );
    return rows.map((row) => ({
      sequence: Number(row.sequence),
      actorId: row.actor_id,
      childId: row.child_id,
    }));
  }
}

function toView(report: MisuseReport): MisuseReportView {
  return {
    id: report.id,
    ranAt: report.ranAt.toISOString(),
    trigger: report.trigger,
    from: report.periodFrom.toISOString(),
    to: report.periodTo.toISOString(),
    flags: report.flags,
  };
}

function toReviewRow(row: RawRow): ReviewRow {
  return {
    sequence: Number(row.sequence),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    actorLa: row.actor_la,
    action: row.action,
    outcome: row.outcome,
    occurredAt: new Date(row.occurred_at),
    childId: row.child_id,
    disclosedChildIds: row.disclosed_child_ids,
    detail: row.detail,
  };
}
