import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { GENESIS_HASH, linkHash, type CanonicalValue } from '@cp/audit-chain';
import type { AccessContext } from '../access/access-context';
import { AuditEntry, type AuditAction, type AuditOutcome } from './audit-entry.entity';

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
    const repository = manager.getRepository(AuditEntry);
    const entry = repository.create({
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
    });
    const { stored, last } = await storedFormAndLast(manager, entry);
    stored.sequence = (last?.sequence ?? 0) + 1;
    stored.prevHash = last?.hash ?? GENESIS_HASH;
    stored.hash = linkHash(stored.prevHash, stored.sequence, auditLinkContent(stored));
    await repository.insert(stored);
    return stored;
  }

  /** Records a refused attempt in a transaction of its own (the refused action has none). */
  async recordRefusal(manager: EntityManager, event: Omit<AuditEvent, 'outcome'>): Promise<void> {
    await manager.transaction((inner) => this.record(inner, { ...event, outcome: 'refused' }));
  }
}

/** Columns the database sets or the chain computes: every other column is content a link's hash covers. */
const CHAIN_COLUMNS = new Set(['sequence', 'prevHash', 'hash']);

/**
 * The entry as PostgreSQL will store it and give it back (a uuid in lower case, jsonb with its own key order
 * and numbers, a timestamp to the microsecond...), read in the same query as the chain's last link.
 * Each content column is cast to its own type and hydrated as TypeORM hydrates a stored row, so the hash
 * written is the hash `audit verify` recomputes from the stored row, whatever a caller sent and whatever
 * column type is added later. A value the column cannot hold fails here, before anything is written.
 */
async function storedFormAndLast(
  manager: EntityManager,
  entry: AuditEntry,
): Promise<{ stored: AuditEntry; last: { sequence: number; hash: string } | null }> {
  const metadata = manager.connection.getMetadata(AuditEntry);
  const driver = manager.connection.driver;
  const columns: ColumnMetadata[] = metadata.columns.filter(
    (column) => !CHAIN_COLUMNS.has(column.propertyName),
  );
  const casts = columns.map(
    (column, index) =>
      `$${index + 1}::${driver.normalizeType(column)}${column.isArray ? '[]' : ''} AS "${column.databaseName}"`,
  );
  const [row] = await manager.query<Record<string, unknown>[]>(
    `SELECT ${casts.join(', ')}, last.sequence AS "lastSequence", last.hash AS "lastHash"
     FROM (SELECT 1) AS one
     LEFT JOIN LATERAL (
       SELECT sequence, hash FROM ${metadata.tablePath} ORDER BY sequence DESC LIMIT 1
     ) AS last ON true`,
    columns.map((column): unknown => driver.preparePersistentValue(column.getEntityValue(entry), column)),
  );
  const stored = manager.getRepository(AuditEntry).create();
  for (const column of columns) {
    column.setEntityValue(stored, driver.prepareHydratedValue(row[column.databaseName], column));
  }
  const last =
    row.lastSequence === null ? null : { sequence: Number(row.lastSequence), hash: String(row.lastHash) };
  return { stored, last };
}
