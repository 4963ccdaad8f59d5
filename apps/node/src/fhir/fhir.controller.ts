import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InvalidInputError, NotFoundError } from '@cp/errors';
import { CurrentActor, Public, Roles } from '../access/access.decorators';
import { accessContext, CorrelationId } from '../access/access-context';
import type { Actor } from '../access/roles';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { RateLimit } from '../rate-limits/rate-limit.decorator';
import { capabilityStatement } from './capability-statement';
import { FhirErrorFilter } from './fhir-error.filter';
import { fhirBaseOf, type FhirRequest } from './fhir-request';
import { FhirPatientService } from './fhir-patient.service';
import { FHIR_CONTENT_TYPE } from './fhir-systems';
import type { Bundle, Patient } from './fhir-types';
import { matchInputOf } from './match-parameters';
import { checkCriteria, patientQueryOf } from './patient-criteria';
import {
  PURPOSE_OF_USE_HEADER,
  PURPOSE_OF_USE_PARAMETER,
  purposeOfUse,
  strictParameters,
  single,
  type RawQuery,
} from './search-params';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/** FHIR R4 at /fhir: the CapabilityStatement, and Patient read, search and $match with the roles of /api/v1. */
@ApiExcludeController()
@UseFilters(FhirErrorFilter)
@Controller('fhir')
export class FhirController {
  constructor(
    private readonly patients: FhirPatientService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  @Get('metadata')
  @Public()
  @Header('content-type', FHIR_CONTENT_TYPE)
  metadata(@Query() query: RawQuery): Record<string, unknown> {
    strictParameters(query, []);
    return capabilityStatement(
      this.settings.NODE_LA_CODE,
      this.settings.NODE_LA_NAME,
      'ContactPoint Federation node',
    );
  }

  @Get('Patient')
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('search')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async search(
    @Query() query: RawQuery,
    @Req() request: FhirRequest,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<Bundle> {
    const parsed = await patientQueryOf(query, request.headers[PURPOSE_OF_USE_HEADER]);
    const context = accessContext(actor, correlationId, parsed.reason);
    return this.patients.searchPatients(parsed, context, fhirBaseOf(request));
  }

  @Post('Patient/$match')
  @HttpCode(200)
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('search')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async match(
    @Body() body: unknown,
    @Query() query: RawQuery,
    @Req() request: FhirRequest,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<Bundle> {
    const values = strictParameters(query, [PURPOSE_OF_USE_PARAMETER]);
    const reason = purposeOfUse(
      single(values, PURPOSE_OF_USE_PARAMETER),
      request.headers[PURPOSE_OF_USE_HEADER],
    );
    const input = matchInputOf(body);
    await checkCriteria(input.criteria, reason, input.paths);
    return this.patients.match(input, accessContext(actor, correlationId, reason), fhirBaseOf(request));
  }

  @Get('Patient/:id')
  @Roles('practitioner', 'data-manager', 'shielding-officer')
  @RateLimit('record-view')
  @Header('content-type', FHIR_CONTENT_TYPE)
  async read(
    @Param('id') id: string,
    @Query() query: RawQuery,
    @Req() request: FhirRequest,
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
  ): Promise<Patient> {
    const values = strictParameters(query, [PURPOSE_OF_USE_PARAMETER]);
    const reason = purposeOfUse(
      single(values, PURPOSE_OF_USE_PARAMETER),
      request.headers[PURPOSE_OF_USE_HEADER],
    );
    if (!FHIR_ID.test(id)) throw InvalidInputError.field('id', 'fhirId', 'id must be a FHIR id');
    if (!UUID.test(id)) throw new NotFoundError(`Patient/${id} is not known here`);
    return this.patients.read(id, accessContext(actor, correlationId, reason));
  }
}
