import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { GENESIS_HASH, linkHash, type CanonicalValue } from '@cp/audit-chain';
import { GroupCommit } from '@cp/database';
import { messageLogInsert, type LoggedMessage } from '@cp/message-log';
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

/** Entries appended together at most: one statement each for their stored form and their insert. */
const MAX_GROUP = 200;

/** An access's audit entry and the signed federation messages it exchanged, appended together. */
interface AuditAppend {
  event: AuditEvent;
  messages: LoggedMessage[];
}

@Injectable()
export class AuditService {
  /** Reads' entries that arrive while one group is being committed go together in the next one. */
  private readonly grouped: GroupCommit<AuditAppend, AuditEntry>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.grouped = new GroupCommit(
      (items) => this.dataSource.transaction((manager) => this.append(manager, items)),
      MAX_GROUP,
    );
  }

  /**
   * Appends one entry inside the caller's transaction: if the action rolls back, so does its entry, and if
   * the entry cannot be written the action fails. The advisory lock, held to commit, keeps the chain linear.
   * For every write to a record.
   */
  async record(manager: EntityManager, event: AuditEvent): Promise<AuditEntry> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Audit entries are written inside the transaction of the action they record');
    }
    const [entry] = await this.append(manager, [{ event, messages: [] }]);
    return entry;
  }

  /**
   * For an access that only reads (a view, a search, an answer to another LA): its entry, with the signed
   * messages the access exchanged, is appended in a group commit (many entries per transaction and per
   * lock) and the promise settles once that transaction has committed. The caller returns nothing of what
   * it read before then, so no access is disclosed without its committed entry; if the commit fails, the
   * access fails.
   */
  recordCommitted(event: AuditEvent, messages: LoggedMessage[] = []): Promise<AuditEntry> {
    return this.grouped.submit({ event, messages });
  }

  /** Group commits so far and the entries they held (how much grouping saves: metrics and tests). */
  get groupCommits(): { statements: number; items: number } {
    return { ...this.grouped.written };
  }

  /** Records a refused attempt in a transaction of its own (the refused action has none). */
  async recordRefusal(manager: EntityManager, event: Omit<AuditEvent, 'outcome'>): Promise<void> {
    await manager.transaction((inner) => this.record(inner, { ...event, outcome: 'refused' }));
  }

  /** Links the entries onto the chain in order, under the chain's lock, and writes them and their messages. */
  private async append(manager: EntityManager, items: AuditAppend[]): Promise<AuditEntry[]> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const repository = manager.getRepository(AuditEntry);
    const entries = items.map(({ event }) =>
      repository.create({
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
      }),
    );
    const { stored, last } = await storedFormsAndLast(manager, entries);
    let previous = last ?? { sequence: 0, hash: GENESIS_HASH };
    for (const entry of stored) {
      entry.sequence = previous.sequence + 1;
      entry.prevHash = previous.hash;
      entry.hash = linkHash(entry.prevHash, entry.sequence, auditLinkContent(entry));
      previous = { sequence: entry.sequence, hash: entry.hash };
    }
    await repository.insert(stored);
    const messages = items.flatMap((item) => item.messages);
    if (messages.length > 0) {
      const { sql, parameters } = messageLogInsert(messages);
      await manager.query(sql, parameters);
    }
    return stored;
  }
}

/** Columns the database sets or the chain computes: every other column is content a link's hash covers. */
const CHAIN_COLUMNS = new Set(['sequence', 'prevHash', 'hash']);

/**
 * The entries as PostgreSQL will store them and give them back (a uuid in lower case, jsonb with its own key
 * order and numbers, a timestamp to the microsecond...), read in one query with the chain's last link.
 * Each content column is cast to its own type and hydrated as TypeORM hydrates a stored row, so the hash
 * written is the hash `audit verify` recomputes from the stored row, whatever a caller sent and whatever
 * column type is added later. A value a column cannot hold fails here, before anything is written.
 */
async function storedFormsAndLast(
  manager: EntityManager,
  entries: AuditEntry[],
): Promise<{ stored: AuditEntry[]; last: { sequence: number; hash: string } | null }> {
  const metadata = manager.connection.getMetadata(AuditEntry);
  const driver = manager.connection.driver;
  const columns: ColumnMetadata[] = metadata.columns.filter(
    (column) => !CHAIN_COLUMNS.has(column.propertyName),
  );
  const parameters: unknown[] = [];
  const selects = entries.map((entry, ordinal) => {
    const casts = columns.map((column) => {
      parameters.push(driver.preparePersistentValue(column.getEntityValue(entry), column));
      const type = `${driver.normalizeType(column)}${column.isArray ? '[]' : ''}`;
      return `$${parameters.length}::${type} AS "${column.databaseName}"`;
    });
    return `SELECT ${casts.join(', ')}, ${ordinal} AS "ordinal"`;
  });
  const rows = await manager.query<Record<string, unknown>[]>(
    `SELECT forms.*, last.sequence AS "lastSequence", last.hash AS "lastHash"
     FROM (${selects.join(' UNION ALL ')}) AS forms
     LEFT JOIN LATERAL (
       SELECT sequence, hash FROM ${metadata.tablePath} ORDER BY sequence DESC LIMIT 1
     ) AS last ON true
     ORDER BY forms."ordinal"`,
    parameters,
  );
  const stored = rows.map((row) => {
    const entry = manager.getRepository(AuditEntry).create();
    for (const column of columns) {
      column.setEntityValue(entry, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entry;
  });
  const [first] = rows;
  const last =
    first.lastSequence === null
      ? null
      : { sequence: Number(first.lastSequence), hash: String(first.lastHash) };
  return { stored, last };
}
