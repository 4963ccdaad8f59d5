import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AuditQueryService } from '../audit/audit-query.service';
import { RecordsModule } from '../records/records.module';
import { SearchModule } from '../search/search.module';
import { FhirAuditController } from './fhir-audit.controller';
import { FhirAuditService } from './fhir-audit.service';
import { registerFhirBodyErrors } from './fhir-body-errors';
import { FhirFallbackController } from './fhir-fallback.controller';
import { FhirController } from './fhir.controller';
import { FhirPatientService } from './fhir-patient.service';

/**
 * FHIR R4 at /fhir (docs/fhir.md): a second shape over the node's own services, with their roles, reasons,
 * audit and shielding. AuditQueryService is the audit module's (stateless), provided here too.
 */
@Module({
  imports: [RecordsModule, SearchModule],
  controllers: [FhirController, FhirAuditController, FhirFallbackController],
  providers: [FhirPatientService, FhirAuditService, AuditQueryService],
})
export class FhirModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** Bodies refused before routing answer as OperationOutcomes on /fhir too (an app without HTTP has none). */
  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter as { getInstance?: () => unknown } | undefined;
    const instance = adapter?.getInstance?.() as FastifyInstance | undefined;
    if (instance && typeof instance.addHook === 'function') registerFhirBodyErrors(instance);
  }
}
