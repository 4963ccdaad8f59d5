import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { AuditQueryService, type AuditPage } from './audit-query.service';
import { AuditVerifyService, type AuditVerification } from './audit-verify.service';
import { AuditService } from './audit.service';
import { newCorrelationId } from '../access/access-context';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit trail, for auditors only (who see ids and codes, never record content). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor')
export class AuditController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifyService,
    private readonly audit: AuditService,
  ) {}

  /** Entries by child (incl. searches that disclosed it), by user and by time, oldest first, paged. */
  @Get('entries')
  entries(@Query() filter: AuditQueryDto, @CurrentActor() actor: Actor): Promise<AuditPage> {
    return this.query.list(filter, { actor, correlationId: newCorrelationId() });
  }

  /** The same filters, as CSV. */
  @Get('entries.csv')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="audit.csv"')
  exportCsv(@Query() filter: AuditQueryDto, @CurrentActor() actor: Actor): Promise<string> {
    return this.query.exportCsv(filter, { actor, correlationId: newCorrelationId() });
  }

  /** Recomputes the whole hash chain and names every broken entry (firstBreak, and all of them in breaks). */
  @Get('verify')
  async verify(@CurrentActor() actor: Actor): Promise<AuditVerification> {
    const result = await this.verifier.verify();
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        context: { actor, correlationId: newCorrelationId() },
        action: 'audit.read',
        outcome: 'allowed',
        detail: { query: 'verify', ok: result.ok, checked: result.walked, breaks: result.breakCount },
      }),
    );
    return result;
  }
}
