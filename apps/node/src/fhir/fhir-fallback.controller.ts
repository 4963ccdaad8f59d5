import { All, Controller, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotFoundError } from '@cp/errors';
import { Public } from '../access/access.decorators';
import { FhirErrorFilter } from './fhir-error.filter';

function unsupported(): NotFoundError {
  return new NotFoundError(
    'This FHIR server supports GET metadata, GET Patient/{id}, GET Patient, POST Patient/$match and GET AuditEvent',
  );
}

/** Any other path or method under /fhir: a 404 OperationOutcome (the routers' own 404 is not FHIR). */
@ApiExcludeController()
@UseFilters(FhirErrorFilter)
@Controller('fhir')
export class FhirFallbackController {
  @All()
  @Public()
  base(): never {
    throw unsupported();
  }

  @All('*')
  @Public()
  other(): never {
    throw unsupported();
  }
}
