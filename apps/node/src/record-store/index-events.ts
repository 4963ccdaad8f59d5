import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { locatorMaterial, locatorTokens, type LocatorToken } from '@cp/locator';
import type { PersonFields } from '@cp/matching';
import { federationTokenKey } from '../config/federation-token-key';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { Child } from './child.entity';
import type { OutboxOperation } from './index-outbox.entity';
import { searchableFields } from './search-keys';

/** One change to a child's index entry, as the record store describes it. */
export interface IndexChange {
  childId: string;
  version: number;
  operation: 'upsert' | 'delete';
  shielded: boolean;
  person: PersonFields;
}

export interface OutboxRow {
  childId: string | null;
  version: number;
  operation: OutboxOperation;
  shielded: boolean;
  tokens: LocatorToken[] | null;
  snapshot: string | null;
}

/** Serialises outbox writers, so sequence order is commit order and the publisher never skips a row. */
const OUTBOX_LOCK = 7_140_500_001;

/**
 * Writes index changes into the outbox inside the caller's transaction: the record change and its index
 * event commit together or not at all. Tokens are made here, at the node, under the federation token key.
 * A shielded child is indexed by its visible fields only (names and date of birth), as in local search.
 */
@Injectable()
export class IndexEvents {
  private readonly logger = new Logger(IndexEvents.name);
  private readonly key: Buffer | undefined;

  constructor(@Inject(NODE_SETTINGS) settings: NodeSettings) {
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

  /** The child as just written. */
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

  async lock(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
  }

  /** An empty token list for a marker row, or null when no key is set (such rows are replaced later). */
  markerTokens(): '[]' | null {
    return this.key ? '[]' : null;
  }

  rowOf(change: IndexChange, snapshot: string | null): OutboxRow {
    return {
      childId: change.childId,
      version: change.version,
      operation: change.operation,
      shielded: change.shielded,
      tokens: change.operation === 'delete' ? (this.key ? [] : null) : this.tokensOf(change),
      snapshot,
    };
  }

  /** Appends rows; the caller holds the lock. */
  async insert(manager: EntityManager, rows: OutboxRow[]): Promise<void> {
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
}
