import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitedError } from '@cp/errors';
import { FHIR_CONTENT_TYPE } from './fhir-systems';
import { outcomeOf } from './operation-outcome';

/**
 * The FHIR routes' error filter (it takes precedence over the app's global one there): every error is an
 * OperationOutcome with the status /api/v1 would answer, as application/fhir+json; a 429 keeps Retry-After.
 */
@Catch()
export class FhirErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const reply = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const { status, outcome, expected } = outcomeOf(exception);
    if (!expected) {
      const name = exception instanceof Error ? exception.name : typeof exception;
      this.logger.error(
        `Unhandled ${name} on FHIR request ${String(request.id)}`,
        exception instanceof Error ? exception.stack : '',
      );
    }
    if (exception instanceof RateLimitedError) {
      void reply.header('Retry-After', String(exception.rateLimit.retryAfterSeconds));
    }
    void reply.status(status).header('content-type', FHIR_CONTENT_TYPE).send(JSON.stringify(outcome));
  }
}
