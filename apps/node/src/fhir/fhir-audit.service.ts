import { Inject, Injectable } from '@nestjs/common';
import type { AccessContext } from '../access/access-context';
import { AuditQueryService } from '../audit/audit-query.service';
import type { AuditQueryDto } from '../audit/dto/audit-query.dto';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { auditEventOf } from './audit-event.mapper';
import { searchset } from './bundle';
import type { Bundle } from './fhir-types';

/**
 * AuditEvent search over the auditors' own query (AuditQueryService.list): the same filters, the same paging
 * by sequence, and the same 'audit.read' entry for each read.
 */
@Injectable()
export class FhirAuditService {
  constructor(
    private readonly query: AuditQueryService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  async search(filter: AuditQueryDto, context: AccessContext, selfUrl: URL): Promise<Bundle> {
    const page = await this.query.list(filter, context);
    const next = page.nextAfterSequence === null ? null : new URL(selfUrl);
    next?.searchParams.set('_cursor', String(page.nextAfterSequence));
    return searchset(
      page.entries.map((entry) => ({
        fullUrl: `${selfUrl.origin}${selfUrl.pathname}/${entry.sequence}`,
        resource: auditEventOf(entry, this.settings.NODE_LA_CODE),
        search: { mode: 'match' as const },
      })),
      {
        link: [
          { relation: 'self', url: selfUrl.toString() },
          ...(next ? [{ relation: 'next' as const, url: next.toString() }] : []),
        ],
      },
    );
  }
}
