import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { OperatorGuard } from './operator.guard';

/**
 * For hub operators only: the request must come over a TLS connection with an operator's client
 * certificate from the federation CA (`node dist/apps/hub/main.js operator:certificate`). OpenAPI has no
 * mutual-TLS scheme in this swagger version, so the requirement is stated as an extension and responses.
 */
export function OperatorAccess(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    UseGuards(OperatorGuard),
    ApiExtension('x-client-certificate', 'hub operator: urn:contactpoint:operator:<name>, federation CA'),
    ApiUnauthorizedResponse({ description: 'No usable client certificate from the federation CA' }),
    ApiForbiddenResponse({ description: "The client certificate is not a hub operator's" }),
  );
}
