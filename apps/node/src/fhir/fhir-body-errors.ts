import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FHIR_CONTENT_TYPE } from './fhir-systems';
import { operationOutcome } from './operation-outcome';

/** The issue type of a body Fastify refused before any route ran (invalid JSON, too deep, too large, not JSON). */
function issueCodeOf(status: number): string {
  if (status === 413) return 'too-costly';
  if (status === 415) return 'not-supported';
  return status >= 500 ? 'exception' : 'invalid';
}

function messageOf(payload: unknown): string {
  if (typeof payload !== 'string') return 'The request was refused';
  try {
    const body = JSON.parse(payload) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : 'The request was refused';
  } catch {
    return 'The request was refused';
  }
}

/**
 * A body refused by @cp/http's parsers is answered by Fastify itself, before routing, so no Nest filter sees
 * it: on /fhir, this hook turns that JSON error into an OperationOutcome (same status, its message as the
 * diagnostics), so a FHIR client gets FHIR for every error. Responses of the FHIR routes pass unchanged.
 */
export function registerFhirBodyErrors(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
    const path = request.url.split('?')[0];
    const contentType = String(reply.getHeader('content-type') ?? '');
    if (
      reply.statusCode < 400 ||
      !(path === '/fhir' || path.startsWith('/fhir/')) ||
      !contentType.startsWith('application/json')
    ) {
      done(null, payload);
      return;
    }
    const outcome = operationOutcome([
      {
        severity: 'error',
        code: issueCodeOf(reply.statusCode),
        diagnostics: messageOf(payload),
        expression: ['body'],
      },
    ]);
    void reply.header('content-type', FHIR_CONTENT_TYPE);
    done(null, JSON.stringify(outcome));
  });
}
