import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import type { Actor } from '../access/roles';
import { AuditQueryService, type AuditPage } from './audit-query.service';
import { AuditVerifyService, type AuditVerification } from './audit-verify.service';
import { newCorrelationId } from '../access/access-context';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The audit trail, for auditors only (who see ids and codes, never record content). */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@Roles('auditor')
export class AuditController {
  constructor(
    private readonly query: AuditQueryService,
    private readonly verifier: AuditVerifyService,
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
  verify(@CurrentActor() actor: Actor): Promise<AuditVerification> {
    return this.verifier.verifyAudited({ actor, correlationId: newCorrelationId() }, 'api');
  }
}
