import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessReason } from '@cp/record-model';
import type { Actor } from './roles';

/** Who is acting, why, and under which correlation id: passed to every service call that touches a record. */
export interface AccessContext {
  actor: Actor;
  reason?: AccessReason;
  /** Ties together the audit entries of one request across node, hub and other nodes. */
  correlationId: string;
  /** For a request from another LA: that LA's ONS code, read from its verified certificate. */
  requestingLa?: string;
}

export function newCorrelationId(): string {
  return randomUUID();
}

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
