import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { locatorMaterial, locatorTokens, type LocatorToken } from '@cp/locator';
import type { PersonFields } from '@cp/matching';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { Child } from '../records/child.entity';
import { searchableFields } from '../search/search-keys';
import type { OutboxOperation } from './index-outbox.entity';

/** One change to a child's index entry, as the records services describe it. */
export interface IndexChange {
  childId: string;
  version: number;
  operation: 'upsert' | 'delete';
  shielded: boolean;
  person: PersonFields;
}

/** Serialises outbox writers, so sequence order is commit order and the publisher never skips a row. */
const OUTBOX_LOCK = 7_140_500_001;
const SNAPSHOT_BATCH = 500;

/** Reads FEDERATION_TOKEN_KEY; undefined when unset. */
export function federationTokenKey(settings: Pick<NodeSettings, 'FEDERATION_TOKEN_KEY'>): Buffer | undefined {
  if (!settings.FEDERATION_TOKEN_KEY) return undefined;
  const key = Buffer.from(settings.FEDERATION_TOKEN_KEY, 'base64');
  if (key.length !== 32) throw new Error('FEDERATION_TOKEN_KEY must be base64 of 32 bytes');
  return key;
}

/**
 * Writes index changes into the outbox inside the caller's transaction: the record change and its index
 * event commit together or not at all. Tokens are made here, at the node, under the federation token key.
 * A shielded child is indexed by its visible fields only (names and date of birth), as in local search.
 */
@Injectable()
export class IndexOutboxService {
  private readonly logger = new Logger(IndexOutboxService.name);
  private readonly key: Buffer | undefined;
  private snapshotting?: Promise<{ snapshotSequence: string; entries: number }>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
  ) {
    this.key = federationTokenKey(settings);
    if (!this.key) {
      this.logger.warn(
        'Federation indexing is off: FEDERATION_TOKEN_KEY is not set (changes are kept, not published)',
      );
    }
  }

  get indexing(): boolean {
    return this.key !== undefined;
  }

  async enqueue(manager: EntityManager, change: IndexChange): Promise<void> {
    await this.lock(manager);
    await this.insert(manager, [this.rowOf(change, null)]);
  }

  /** The usual call from a records service: the child as just written. */
  async enqueueChild(
    manager: EntityManager,
    child: Child,
    operation: 'upsert' | 'delete' = 'upsert',
  ): Promise<void> {
    await this.enqueue(manager, {
      childId: child.id,
      version: child.version,
      operation,
      shielded: child.shielded,
      person: searchableFields(child),
    });
  }

  /**
   * Queues the node's whole index (every current child) between a begin and an end marker, unless a
   * complete snapshot is already waiting to be published or one is being built. Returns its begin sequence.
   * Built in batches, each its own short transaction, so record writes are held up for one batch at a
   * time, not for the whole LA: a change written between batches follows in sequence order, and the hub
   * counts any change arriving during a snapshot as mentioned by it.
   */
  enqueueSnapshot(): Promise<{ snapshotSequence: string; entries: number }> {
    this.snapshotting ??= this.buildSnapshot().finally(() => (this.snapshotting = undefined));
    return this.snapshotting;
  }

  private async buildSnapshot(): Promise<{ snapshotSequence: string; entries: number }> {
    const begun = await this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      const [pending] = await manager.query<{ snapshot: string }[]>(
        `SELECT snapshot FROM index_outbox
          WHERE operation = 'snapshot-end' AND published_at IS NULL ORDER BY sequence LIMIT 1`,
      );
      if (pending) return { pending: pending.snapshot, begin: undefined };
      const [begin] = await manager.query<{ sequence: string }[]>(
        `INSERT INTO index_outbox (child_id, version, operation, shielded, tokens)
         VALUES (NULL, 0, 'snapshot-begin', false, $1) RETURNING sequence`,
        [this.key ? '[]' : null],
      );
      return { pending: undefined, begin: begin.sequence };
    });
    if (begun.begin === undefined) return { snapshotSequence: begun.pending, entries: -1 };
    const snapshot = begun.begin;
    let entries = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const read = await this.dataSource.transaction(async (manager) => {
        await this.lock(manager);
        const children = await manager
          .getRepository(Child)
          .createQueryBuilder('c')
          // A moved-out record's stub is not indexed: the LA it moved to holds the entry now.
          .where('c.id > :after AND c.moved_out IS NULL', { after })
          .orderBy('c.id')
          .limit(SNAPSHOT_BATCH)
          .getMany();
        const rows = children.map((child) =>
          this.rowOf(
            {
              childId: child.id,
              version: child.version,
              operation: 'upsert',
              shielded: child.shielded,
              person: searchableFields(child),
            },
            snapshot,
          ),
        );
        if (rows.length > 0) await this.insert(manager, rows);
        return children;
      });
      if (read.length === 0) break;
      entries += read.length;
      after = read[read.length - 1].id;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager);
      await manager.query(
        `INSERT INTO index_outbox (child_id, version, operation, shielded, tokens, snapshot)
         VALUES (NULL, 0, 'snapshot-end', false, $1, $2)`,
        [this.key ? '[]' : null, snapshot],
      );
    });
    this.logger.log(`Index snapshot ${snapshot} queued: ${entries} entries`);
    return { snapshotSequence: snapshot, entries };
  }

  /**
   * Rows written while the key was unset cannot be published (they have no tokens): replaces them by a
   * snapshot. The hub sees their sequences missing just before the snapshot, which repairs that gap.
   */
  async replaceTokenlessRows(): Promise<boolean> {
    if (!this.key) return false;
    const [, removed] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM index_outbox WHERE published_at IS NULL AND tokens IS NULL`,
    );
    if (removed === 0) return false;
    this.logger.log(`${removed} index changes recorded without a token key replaced by a snapshot`);
    await this.enqueueSnapshot();
    return true;
  }

  private async lock(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  }

  private rowOf(change: IndexChange, snapshot: string | null) {
    return {
      childId: change.childId,
      version: change.version,
      operation: change.operation as OutboxOperation,
      shielded: change.shielded,
      tokens: change.operation === 'delete' ? (this.key ? [] : null) : this.tokensOf(change),
      snapshot,
    };
  }

  private tokensOf(change: IndexChange): LocatorToken[] | null {
    if (!this.key) return null;
    // Defence in depth: a shielded child is never indexed by identifiers, whatever the caller passed.
    const person: PersonFields = change.shielded
      ? {
          givenName: change.person.givenName,
          familyName: change.person.familyName,
          dateOfBirth: change.person.dateOfBirth,
        }
      : change.person;
    return locatorTokens(locatorMaterial(person), this.key);
  }

  private async insert(
    manager: EntityManager,
    rows: ReturnType<IndexOutboxService['rowOf']>[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO index_outbox (child_id, version, operation, shielded, tokens, snapshot)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::boolean[], $5::jsonb[], $6::bigint[])`,
      [
        rows.map((row) => row.childId),
        rows.map((row) => row.version),
        rows.map((row) => row.operation),
        rows.map((row) => row.shielded),
        rows.map((row) => (row.tokens === null ? null : JSON.stringify(row.tokens))),
        rows.map((row) => row.snapshot),
      ],
    );
  }
}
