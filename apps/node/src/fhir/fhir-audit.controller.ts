import { Controller, Get, Header, Query, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { CorrelationId } from '../access/access-context';
import type { Actor } from '../access/roles';
import { auditQueryOf } from './audit-event-query';
import { FhirAuditService } from './fhir-audit.service';
import { FhirErrorFilter } from './fhir-error.filter';
import { selfUrlOf, type FhirRequest } from './fhir-request';
import { FHIR_CONTENT_TYPE } from './fhir-systems';
import type { Bundle } from './fhir-types';
import type { RawQuery } from './search-params';

/** AuditEvent search (IHE BALP) over the audit trail: auditors only, as /api/v1/audit. */
@ApiExcludeController()
@UseFilters(FhirErrorFilter)
@Controller('fhir/AuditEvent')
@Roles('auditor')
export class FhirAuditController {
  constructor(private readonly audit: FhirAuditService) {}

  @Get()
  @Header('content-type', FHIR_CONTENT_TYPE)
  search(
    @Query() query: RawQuery,
    @Req() request: FhirRequest,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<Bundle> {
    return this.audit.search(auditQueryOf(query), { actor, correlationId }, selfUrlOf(request));
  }
}
