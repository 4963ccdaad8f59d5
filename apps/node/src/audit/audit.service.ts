import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH, linkHash, type CanonicalValue } from '@cp/audit-chain';
import type { AccessReason } from '@cp/record-model';
import type { Actor } from '../auth/roles';
import { AuditEntry, type AuditAction, type AuditOutcome } from './audit-entry.entity';

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

export interface AuditEvent {
  context: AccessContext;
  action: AuditAction;
  outcome: AuditOutcome;
  childId?: string | null;
  disclosedChildIds?: string[];
  detail?: Record<string, string | number | boolean | string[]>;
}

/** Arbitrary constant naming the advisory lock that serialises appends to the chain. */
const AUDIT_CHAIN_LOCK = 7_310_001;

/** The content a link's hash covers: every column but sequence and the hashes themselves. */
export function auditLinkContent(entry: AuditEntry): { [key: string]: CanonicalValue } {
  return {
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    actorRole: entry.actorRole,
    actorLa: entry.actorLa,
    reason: entry.reason,
    action: entry.action,
    outcome: entry.outcome,
    childId: entry.childId,
    disclosedChildIds: entry.disclosedChildIds,
    correlationId: entry.correlationId,
    detail: entry.detail,
  };
}

@Injectable()
export class AuditService {
  /**
   * Appends one entry inside the caller's transaction: if the action rolls back, so does its entry, and if
   * the entry cannot be written the action fails. The advisory lock, held to commit, keeps the chain linear.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit entries are written inside the transaction of the action they record');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const last = await manager
      .getRepository(AuditEntry)
      .createQueryBuilder('entry')
      .select(['entry.sequence', 'entry.hash'])
      .orderBy('entry.sequence', 'DESC')
      .limit(1)
      .getOne();
    const entry = manager.getRepository(AuditEntry).create({
      sequence: (last?.sequence ?? 0) + 1,
      occurredAt: new Date(),
      actorId: event.context.actor.userId,
      actorRole: event.context.actor.role,
      actorLa: event.context.requestingLa ?? null,
      reason: event.context.reason ?? null,
      action: event.action,
      outcome: event.outcome,
      childId: event.childId ?? null,
      disclosedChildIds: event.disclosedChildIds ?? [],
      correlationId: event.context.correlationId,
      detail: event.detail ?? {},
      prevHash: last?.hash ?? GENESIS_HASH,
    });
    entry.hash = linkHash(entry.prevHash, entry.sequence, auditLinkContent(entry));
    await manager.getRepository(AuditEntry).insert(entry);
    return entry;
  }

  /** Records a refused attempt in a transaction of its own (the refused action has none). */
  async recordRefusal(manager: EntityManager, event: Omit<AuditEvent, 'outcome'>): Promise<void> {
    await manager.transaction((inner) => this.record(inner, { ...event, outcome: 'refused' }));
  }
}
