import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  httpStatusOf,
  RateLimitedError,
  type FieldProblem,
  type RateLimitDetail,
} from './domain-errors';
import { fromDatabaseError } from './database-errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  rateLimit?: RateLimitDetail;
  requestId?: string;
}

/**
 * The one place HTTP errors are shaped. Domain errors map by kind; framework HTTP errors keep their
 * status; database constraint errors become 4xx; anything else is a 500 that reveals nothing but an id.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const reply = context.getResponse<FastifyReply>();
    const request = context.getRequest<FastifyRequest>();
    const body = this.toBody(exception, String(request.id));
    if (exception instanceof RateLimitedError) {
      void reply.header('Retry-After', String(exception.rateLimit.retryAfterSeconds));
    }
    // JSON whatever the route would have answered (a CSV export sets text/csv before its handler runs),
    // serialised here so no route's content type or serialiser applies to an error.
    void reply
      .status(body.statusCode)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(body));
  }

  private toBody(exception: unknown, requestId: string): ErrorBody {
    const domain = exception instanceof DomainError ? exception : fromDatabaseError(exception);
    if (domain) {
      const statusCode = httpStatusOf(domain.kind);
      return {
        statusCode,
        error: domain.kind,
        message: domain.message,
        ...(domain.problems.length ? { problems: domain.problems } : {}),
        ...(domain instanceof RateLimitedError ? { rateLimit: domain.rateLimit } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const detail = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      const message =
        typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : exception.message;
      return { statusCode, error: exception.name, message };
    }
    // Log the error class and request id only: an exception message may quote personal data.
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(
      `Unhandled ${name} on request ${requestId}`,
      exception instanceof Error ? exception.stack : '',
    );
    return { statusCode: 500, error: 'internal', message: 'Internal error', requestId };
  }
}
