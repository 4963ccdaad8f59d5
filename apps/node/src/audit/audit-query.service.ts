import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'csv-stringify/sync';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuditEntry } from './audit-entry.entity';
import { AuditService } from './audit.service';
import { type AccessContext } from '../access/access-context';
import type { AuditQueryDto } from './dto/audit-query.dto';

export interface AuditEntryView {
  sequence: number;
  occurredAt: string;
  actorId: string;
  actorRole: string;
  actorLa: string | null;
  reason: string | null;
  action: string;
  outcome: string;
  childId: string | null;
  disclosedChildIds: string[];
  correlationId: string;
  detail: Record<string, unknown>;
  hash: string;
}

export interface AuditPage {
  entries: AuditEntryView[];
  /** Pass as afterSequence for the next page; null when this page is the last. */
  nextAfterSequence: number | null;
}

const EXPORT_MAX_ROWS = 100_000;
const CSV_COLUMNS = [
  'sequence',
  'occurredAt',
  'actorId',
  'actorRole',
  'actorLa',
  'reason',
  'action',
  'outcome',
  'childId',
  'disclosedChildIds',
  'correlationId',
  'detail',
  'hash',
] as const;

/** Auditors' reads of the trail. Each read is itself audited ('audit.read'). */
@Injectable()
export class AuditQueryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(query: AuditQueryDto, context: AccessContext): Promise<AuditPage> {
    const limit = query.limit ?? 100;
    const entries = await this.filtered(query)
      .limit(limit + 1)
      .getMany();
    const page = entries.slice(0, limit).map(toView);
    await this.recordRead(context, 'entries', query, page.length);
    return {
      entries: page,
      nextAfterSequence: entries.length > limit ? page[page.length - 1].sequence : null,
    };
  }

  async exportCsv(query: AuditQueryDto, context: AccessContext): Promise<string> {
    const entries = (await this.filtered(query).limit(EXPORT_MAX_ROWS).getMany()).map(toView);
    await this.recordRead(context, 'export-csv', query, entries.length);
    return stringify(
      entries.map((entry) => ({
        ...entry,
        disclosedChildIds: entry.disclosedChildIds.join(' '),
        detail: JSON.stringify(entry.detail),
      })),
      { header: true, columns: [...CSV_COLUMNS] },
    );
  }

  private filtered(query: AuditQueryDto): SelectQueryBuilder<AuditEntry> {
    const builder = this.dataSource.getRepository(AuditEntry).createQueryBuilder('entry');
    if (query.childId) {
      builder.andWhere('(entry.childId = :childId OR :childId = ANY(entry.disclosedChildIds))', {
        childId: query.childId,
      });
    }
    if (query.actorId) builder.andWhere('entry.actorId = :actorId', { actorId: query.actorId });
    if (query.from) builder.andWhere('entry.occurredAt >= :from', { from: query.from });
    if (query.to) builder.andWhere('entry.occurredAt < :to', { to: query.to });
    if (query.afterSequence !== undefined) {
      builder.andWhere('entry.sequence > :after', { after: query.afterSequence });
    }
    return builder.orderBy('entry.sequence', 'ASC');
  }

  private async recordRead(
    context: AccessContext,
    query: string,
    filter: AuditQueryDto,
    count: number,
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        context,
        action: 'audit.read',
        outcome: 'allowed',
        detail: {
          query,
          count,
          ...(filter.childId ? { filterChildId: filter.childId } : {}),
          ...(filter.actorId ? { filterActorId: filter.actorId } : {}),
          ...(filter.from ? { from: filter.from.toISOString() } : {}),
          ...(filter.to ? { to: filter.to.toISOString() } : {}),
        },
      }),
    );
  }
}

function toView(entry: AuditEntry): AuditEntryView {
  return {
    sequence: entry.sequence,
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    actorLa: entry.actorLa,
    reason: entry.reason,
    action: entry.action,
    outcome: entry.outcome,
    childId: entry.childId,
    disclosedChildIds: entry.disclosedChildIds,
    correlationId: entry.correlationId,
    detail: entry.detail,
    hash: entry.hash,
  };
}
