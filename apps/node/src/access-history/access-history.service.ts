import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { accessEventOf, localUserIds, type AccessEvent, type ThisLa } from './access-events';

/** The most entries one history holds; more and it says so (`truncated`), oldest first. */
export const MAX_HISTORY_ENTRIES = 10_000;

export interface AccessHistory {
  childId: string;
  la: ThisLa;
  entries: AccessEvent[];
  truncated: boolean;
}

/**
 * Every audit entry about one child (an action on its record, or a search that disclosed it, here or to
 * another LA), each with the person behind it named. Reading it is itself audited ('audit.read').
 */
@Injectable()
export class AccessHistoryService {
  private readonly thisLa: ThisLa;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
  ) {
    this.thisLa = { code: settings.NODE_LA_CODE, name: settings.NODE_LA_NAME };
  }

  async forChild(childId: string, context: AccessContext): Promise<AccessHistory> {
    return this.dataSource.transaction(async (manager) => {
      const history = await this.read(manager, childId);
      await this.audit.record(manager, {
        context,
        action: 'audit.read',
        outcome: 'allowed',
        detail: { query: 'access-history', filterChildId: childId, count: history.entries.length },
      });
      return history;
    });
  }

  /** The history as of the caller's transaction (the export reads it beside the record). */
  async read(manager: EntityManager, childId: string): Promise<AccessHistory> {
    const rows = await manager
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .where('(entry.childId = :childId OR :childId = ANY(entry.disclosedChildIds))', { childId })
      .orderBy('entry.sequence', 'ASC')
      .limit(MAX_HISTORY_ENTRIES + 1)
      .getMany();
    const kept = rows.slice(0, MAX_HISTORY_ENTRIES);
    const names = await this.userNames(manager, localUserIds(kept, this.thisLa));
    return {
      childId,
      la: this.thisLa,
      entries: kept.map((row) => accessEventOf(row, names, this.thisLa)),
      truncated: rows.length > MAX_HISTORY_ENTRIES,
    };
  }

  private async userNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<{ id: string; display_name: string }[]>(
      'SELECT id::text AS id, display_name FROM app_user WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.display_name]));
  }
}
