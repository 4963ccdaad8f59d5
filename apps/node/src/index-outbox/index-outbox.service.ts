import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Child } from '../record-store/child.entity';
import { IndexEvents } from '../record-store/index-events';
import { searchableFields } from '../record-store/search-keys';

const SNAPSHOT_BATCH = 500;

/**
 * The node's whole index for the hub: snapshots (every current child between a begin and an end marker)
 * and the repair of rows written while no token key was set. Single changes are written by the record
 * store (IndexEvents) in the transaction of the change itself.
 */
@Injectable()
export class IndexOutboxService {
  private readonly logger = new Logger(IndexOutboxService.name);
  private snapshotting?: Promise<{ snapshotSequence: string; entries: number }>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: IndexEvents,
  ) {}

  get indexing(): boolean {
    return this.events.indexing;
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
      await this.events.lock(manager);
      const [pending] = await manager.query<{ snapshot: string }[]>(
        `SELECT snapshot FROM index_outbox
          WHERE operation = 'snapshot-end' AND published_at IS NULL ORDER BY sequence LIMIT 1`,
      );
      if (pending) return { pending: pending.snapshot, begin: undefined };
      const [begin] = await manager.query<{ sequence: string }[]>(
        `INSERT INTO index_outbox (child_id, version, operation, shielded, tokens)
         VALUES (NULL, 0, 'snapshot-begin', false, $1) RETURNING sequence`,
        [this.events.markerTokens()],
      );
      return { pending: undefined, begin: begin.sequence };
    });
    if (begun.begin === undefined) return { snapshotSequence: begun.pending, entries: -1 };
    const snapshot = begun.begin;
    let entries = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const read = await this.dataSource.transaction(async (manager) => {
        await this.events.lock(manager);
        const children = await manager
          .getRepository(Child)
          .createQueryBuilder('c')
          // A moved-out record's stub is not indexed: the LA it moved to holds the entry now.
          .where('c.id > :after AND c.moved_out IS NULL', { after })
          .orderBy('c.id')
          .limit(SNAPSHOT_BATCH)
          .getMany();
        const rows = children.map((child) =>
          this.events.rowOf(
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
        if (rows.length > 0) await this.events.insert(manager, rows);
        return children;
      });
      if (read.length === 0) break;
      entries += read.length;
      after = read[read.length - 1].id;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.events.lock(manager);
      await manager.query(
        `INSERT INTO index_outbox (child_id, version, operation, shielded, tokens, snapshot)
         VALUES (NULL, 0, 'snapshot-end', false, $1, $2)`,
        [this.events.markerTokens(), snapshot],
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
    if (!this.events.indexing) return false;
    const [, removed] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM index_outbox WHERE published_at IS NULL AND tokens IS NULL`,
    );
    if (removed === 0) return false;
    this.logger.log(`${removed} index changes recorded without a token key replaced by a snapshot`);
    await this.enqueueSnapshot();
    return true;
  }
}
