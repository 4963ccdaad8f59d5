import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { todayIso } from '../record-store/dto/field-rules';
import { fullRecordView, type FullRecordView } from '../record-store/record-view';
import { findChild, loadRecordParts } from '../record-store/record-rows';
import { seesShieldedDetails } from '../record-store/record-rules';
import { shieldedView, type ShieldedRecordView } from '../record-store/shielded-view';
import { shieldingTeamOf } from '../shielding/shielding-team';
import { AccessHistoryService, type AccessHistory } from './access-history.service';
import { subjectAccessPdf } from './subject-access-pdf';

export type ExportFormat = 'json' | 'pdf';

/** What a subject access request is answered with: the record, who has accessed it, and this export. */
export interface SubjectAccessExport {
  kind: 'contactpoint-subject-access-export';
  version: 1;
  exportedAt: string;
  la: { code: string; name: string };
  /** The export's own audit entry: it is in the trail, though not in `accessHistory` (read before it). */
  export: { auditSequence: number; correlationId: string; exportedBy: string; format: ExportFormat };
  /** A shielded record appears in its shielded view: a shielding officer completes the release. */
  record: FullRecordView | ShieldedRecordView;
  accessHistory: AccessHistory;
}

/**
 * Subject access: an auditor exports a child's record and its whole access history, as JSON or PDF. The
 * record, the history and the export's audit entry ('subject-access.export') are one transaction, so the
 * trail names exactly what was exported.
 */
@Injectable()
export class SubjectAccessExportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly histories: AccessHistoryService,
  ) {}

  async export(childId: string, format: ExportFormat, context: AccessContext): Promise<SubjectAccessExport> {
    return this.dataSource.transaction(async (manager) => {
      const child = await findChild(manager, childId);
      const full = fullRecordView(
        await loadRecordParts(manager, child),
        this.settings.NODE_LA_CODE,
        todayIso(),
      );
      const showShielded = child.shielded && !seesShieldedDetails(context.actor);
      const record = showShielded ? shieldedView(full, shieldingTeamOf(this.settings)) : full;
      const accessHistory = await this.histories.read(manager, childId);
      const entry = await this.audit.record(manager, {
        context,
        action: 'subject-access.export',
        outcome: 'allowed',
        childId,
        detail: {
          format,
          accessEntries: accessHistory.entries.length,
          truncated: accessHistory.truncated,
          shieldedView: showShielded,
        },
      });
      return {
        kind: 'contactpoint-subject-access-export',
        version: 1,
        exportedAt: entry.occurredAt.toISOString(),
        la: { code: this.settings.NODE_LA_CODE, name: this.settings.NODE_LA_NAME },
        export: {
          auditSequence: entry.sequence,
          correlationId: entry.correlationId,
          exportedBy: entry.actorId,
          format,
        },
        record,
        accessHistory,
      };
    });
  }

  async exportPdf(childId: string, context: AccessContext): Promise<Buffer> {
    return subjectAccessPdf(await this.export(childId, 'pdf', context));
  }
}
