import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessReason } from '@cp/record-model';
import { newCorrelationId, type AccessContext } from '../audit/audit.service';
import type { Actor } from '../auth/roles';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The request's X-Correlation-Id when it is a UUID, else a fresh one. */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context
    .switchToHttp()
    .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && UUID.test(header) ? header.toLowerCase() : newCorrelationId();
});

/**
 * Writes do not ask the caller for a reason: maintaining the record is the reason, kept in the audit.
 * Views and searches must state one (ReasonQueryDto).
 */
export const WRITE_REASON: AccessReason = 'maintaining-the-record';

export function accessContext(actor: Actor, correlationId: string, reason: AccessReason): AccessContext {
  return { actor, correlationId, reason };
}
