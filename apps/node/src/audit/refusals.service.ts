import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AccessReason } from '@cp/record-model';
import type { Actor } from '../access/roles';
import { AuditService } from './audit.service';
import { newCorrelationId } from '../access/access-context';

/** Why an attempt was refused: codes, never the values that were tried. */
export const REFUSAL_REASONS = [
  'no-token',
  'invalid-token',
  'expired-token',
  'session-ended',
  'role-not-allowed',
  'enrolment-token-only',
  'enrolment-token-required',
  'route-declares-no-roles',
  'unknown-user',
  'wrong-password',
  'missing-code',
  'wrong-code',
  'replayed-code',
  'account-locked',
  'account-disabled',
  'rate-limited',
  'forbidden',
  'not-found',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Where a refused attempt was aimed: the route's handler and pattern, never the raw URL or query. */
export interface RefusedRoute {
  route: string;
  method: string;
  path: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes 'access.refused' entries, each in a transaction of its own (the refused action has none).
 * If the entry cannot be written the request still fails with its 401/403, and the failure is logged.
 */
@Injectable()
export class RefusalsService {
  private readonly logger = new Logger('Refusals');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async record(input: {
    actor: Actor;
    reason: RefusalReason;
    where: RefusedRoute;
    childId?: string;
    targetId?: string;
    /** The reason for access the caller stated, if any (kept, like every access's reason). */
    accessReason?: AccessReason;
  }): Promise<void> {
    // A caller-supplied id is kept only if it is a uuid, and then as PostgreSQL stores it (lower case).
    const childId = uuidOrNull(input.childId);
    const targetId = uuidOrNull(input.targetId) ?? undefined;
    try {
      await this.audit.recordRefusal(this.dataSource.manager, {
        context: { actor: input.actor, reason: input.accessReason, correlationId: newCorrelationId() },
        action: 'access.refused',
        childId,
        detail: {
          route: input.where.route,
          method: input.where.method,
          path: input.where.path,
          reason: input.reason,
          ...(targetId ? { targetId } : {}),
        },
      });
    } catch (error) {
      this.logger.error(
        `Could not audit a refused attempt on ${input.where.route} (${input.reason}): ${
          error instanceof Error ? error.name : 'unknown error'
        }`,
      );
      throw error;
    }
  }
}

function uuidOrNull(value: string | undefined): string | null {
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}
