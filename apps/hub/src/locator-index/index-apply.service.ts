import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageLogService } from '../message-log/message-log.service';
import { IndexEnvelopeVerifier } from './index-envelope-verifier';
import type { IndexEvent } from './index-event';

export type ApplyResult = 'applied' | 'duplicate' | 'older-version' | 'heartbeat';

export interface ApplyOutcome {
  result: ApplyResult;
  /** The event's sequence did not follow the last applied one: an event went missing. */
  gap: boolean;
  /** This LA's index needs a full resync (a gap now or earlier, not yet repaired). */
  resyncNeeded: boolean;
}

interface StateRow {
  last_sequence: string;
  snapshot_begin: string | null;
  snapshot_gap: boolean;
  resync_needed_since: Date | null;
  resync_reason: string | null;
}

/**
 * Applies one LA's index events, each in one transaction with that LA's feed state, so a crash between
 * applying and acknowledging only leads to a redelivery the sequence check then ignores.
 * Order: events apply in sequence; entries change only for a newer version (a snapshot's at an equal
 * version too, so a token key change is carried by a resync); a delete leaves a tombstone.
 */
@Injectable()
export class IndexApplyService {
  private readonly logger = new Logger(IndexApplyService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: IndexEnvelopeVerifier,
    private readonly messageLog: MessageLogService,
  ) {}

  async apply(laCode: string, event: IndexEvent, appliedAt: Date = new Date()): Promise<ApplyOutcome> {
    const signed = this.verifier.takeVerifiedEvent(laCode, event);
    const outcome = await this.dataSource.transaction(async (manager) => {
      // The event as signed, kept in the transaction that applies it.
      if (signed) await this.messageLog.write(manager, [signed]);
      return this.applyIn(manager, laCode, event, appliedAt);
    });
    if (outcome.gap) this.logger.warn(`Index feed of LA ${laCode}: gap before sequence ${event.sequence}`);
    return outcome;
  }

  private async applyIn(
    manager: EntityManager,
    laCode: string,
    event: IndexEvent,
    appliedAt: Date,
  ): Promise<ApplyOutcome> {
    // Any event, heartbeats included, says the node is alive: at the earlier of its own time and ours, so a
    // backlog drained after an outage does not make a stopped node look up.
    await manager.query(
      `INSERT INTO locator_la_state (la_code, last_seen_at) VALUES ($1, least($2::timestamptz, $3::timestamptz))
       ON CONFLICT (la_code) DO UPDATE
         SET last_seen_at = greatest(locator_la_state.last_seen_at, EXCLUDED.last_seen_at)`,
      [laCode, appliedAt, event.createdAt],
    );
    const [state] = await manager.query<StateRow[]>(
      `SELECT last_sequence, snapshot_begin, snapshot_gap, resync_needed_since, resync_reason
         FROM locator_la_state WHERE la_code = $1 FOR UPDATE`,
      [laCode],
    );
    const last = BigInt(state.last_sequence);

    if (event.operation === 'heartbeat') {
      // The node has published further than we applied: the missing events are lost, not late.
      const gap = event.sequence > last;
      if (gap) await this.markResyncNeeded(manager, laCode, appliedAt, 'gap', 1);
      return { result: 'heartbeat', gap, resyncNeeded: gap || state.resync_needed_since !== null };
    }
    if (event.sequence <= last) {
      return { result: 'duplicate', gap: false, resyncNeeded: state.resync_needed_since !== null };
    }

    const gap = event.sequence !== last + 1n;
    let snapshotBegin = state.snapshot_begin;
    let snapshotGap = state.snapshot_gap || gap;
    let resyncNeededSince = gap ? (state.resync_needed_since ?? appliedAt) : state.resync_needed_since;
    let resyncReason = gap ? 'gap' : state.resync_reason;
    let snapshotCompleted = false;
    // A snapshot that began before the need for a resync (a gap or an operator's request during it) cannot
    // repair it; its end clears the request's throttle so the next snapshot is asked for at once.
    let snapshotDiscarded = false;
    let result: ApplyResult = 'applied';

    switch (event.operation) {
      case 'upsert':
        result = await this.upsert(manager, laCode, event, appliedAt, snapshotBegin);
        break;
      case 'delete':
        result = await this.remove(manager, laCode, event, appliedAt, snapshotBegin);
        break;
      case 'snapshot-begin':
        snapshotBegin = event.sequence.toString();
        snapshotGap = false;
        break;
      case 'snapshot-end':
        if (!snapshotGap && snapshotBegin !== null && event.snapshot?.toString() === snapshotBegin) {
          await this.dropEntriesNotIn(manager, laCode, snapshotBegin);
          snapshotCompleted = true;
          resyncNeededSince = null;
          resyncReason = null;
        } else if (snapshotBegin !== null && resyncNeededSince !== null) {
          snapshotDiscarded = true;
        }
        snapshotBegin = null;
        snapshotGap = false;
        break;
    }

    await manager.query(
      `UPDATE locator_la_state
          SET last_sequence = $2, last_event_created_at = $3, last_applied_at = $4, last_lag_ms = $5,
              events_applied = events_applied + 1, gaps = gaps + $6, snapshot_begin = $7, snapshot_gap = $8,
              resync_needed_since = $9, resync_reason = $10,
              last_snapshot_completed_at = CASE WHEN $11 THEN $4 ELSE last_snapshot_completed_at END,
              resync_requested_at = CASE WHEN $11 OR $12 THEN NULL ELSE resync_requested_at END
        WHERE la_code = $1`,
      [
        laCode,
        event.sequence.toString(),
        event.createdAt,
        appliedAt,
        Math.max(0, Math.min(2 ** 31 - 1, appliedAt.getTime() - event.createdAt.getTime())),
        gap ? 1 : 0,
        snapshotBegin,
        snapshotGap,
        resyncNeededSince,
        resyncReason,
        snapshotCompleted,
        snapshotDiscarded,
      ],
    );
    return { result, gap, resyncNeeded: resyncNeededSince !== null };
  }

  private async currentVersion(
    manager: EntityManager,
    laCode: string,
    childId: string,
  ): Promise<number | null> {
    const rows = await manager.query<{ version: number }[]>(
      `SELECT version FROM locator_entry WHERE child_id = $1 AND la_code = $2 FOR UPDATE`,
      [childId, laCode],
    );
    return rows.length > 0 ? rows[0].version : null;
  }

  /**
   * The snapshot an entry counts as mentioned by: the snapshot row's own, or, for any change arriving
   * while a snapshot is in progress (the node builds it in batches, other writes in between), that one.
   */
  private static mark(event: IndexEvent, snapshotInProgress: string | null): string | null {
    return event.snapshot?.toString() ?? snapshotInProgress;
  }

  private async upsert(
    manager: EntityManager,
    laCode: string,
    event: IndexEvent,
    appliedAt: Date,
    snapshotInProgress: string | null,
  ): Promise<ApplyResult> {
    const childId = event.childId as string;
    const snapshot = IndexApplyService.mark(event, snapshotInProgress);
    const current = await this.currentVersion(manager, laCode, childId);
    const newer =
      current === null || event.version > current || (event.snapshot !== null && event.version === current);
    if (!newer) {
      if (snapshot !== null) {
        await manager.query(`UPDATE locator_entry SET snapshot = $3 WHERE child_id = $1 AND la_code = $2`, [
          childId,
          laCode,
          snapshot,
        ]);
      }
      return 'older-version';
    }
    await manager.query(
      `INSERT INTO locator_entry (child_id, la_code, version, shielded, deleted, snapshot, updated_at)
       VALUES ($1, $2, $3, $4, false, $5, $6)
       ON CONFLICT (child_id, la_code) DO UPDATE
          SET version = EXCLUDED.version, shielded = EXCLUDED.shielded, deleted = false,
              snapshot = COALESCE(EXCLUDED.snapshot, locator_entry.snapshot), updated_at = EXCLUDED.updated_at`,
      [childId, laCode, event.version, event.shielded, snapshot, appliedAt],
    );
    await manager.query(`DELETE FROM locator_token WHERE child_id = $1 AND la_code = $2`, [childId, laCode]);
    if (event.tokens.length > 0) {
      await manager.query(
        `INSERT INTO locator_token (child_id, la_code, token, kind)
         SELECT $1, $2, token, kind FROM unnest($3::bigint[], $4::smallint[]) AS given(token, kind)`,
        [childId, laCode, event.tokens.map((t) => t.value), event.tokens.map((t) => t.kind)],
      );
    }
    return 'applied';
  }

  private async remove(
    manager: EntityManager,
    laCode: string,
    event: IndexEvent,
    appliedAt: Date,
    snapshotInProgress: string | null,
  ): Promise<ApplyResult> {
    const childId = event.childId as string;
    const current = await this.currentVersion(manager, laCode, childId);
    if (current !== null && event.version < current) return 'older-version';
    await manager.query(
      `INSERT INTO locator_entry (child_id, la_code, version, shielded, deleted, snapshot, updated_at)
       VALUES ($1, $2, $3, false, true, $5, $4)
       ON CONFLICT (child_id, la_code) DO UPDATE
          SET version = EXCLUDED.version, shielded = false, deleted = true,
              snapshot = COALESCE(EXCLUDED.snapshot, locator_entry.snapshot), updated_at = EXCLUDED.updated_at`,
      [childId, laCode, event.version, appliedAt, IndexApplyService.mark(event, snapshotInProgress)],
    );
    await manager.query(`DELETE FROM locator_token WHERE child_id = $1 AND la_code = $2`, [childId, laCode]);
    return 'applied';
  }

  /** After a complete snapshot: whatever it did not mention is no longer held at that LA. */
  private async dropEntriesNotIn(manager: EntityManager, laCode: string, snapshot: string): Promise<void> {
    await manager.query(
      `DELETE FROM locator_token t USING locator_entry e
        WHERE e.la_code = $1 AND t.la_code = $1 AND t.child_id = e.child_id
          AND e.snapshot IS DISTINCT FROM $2::bigint`,
      [laCode, snapshot],
    );
    const [, dropped] = await manager.query<[unknown, number]>(
      `DELETE FROM locator_entry WHERE la_code = $1 AND snapshot IS DISTINCT FROM $2::bigint`,
      [laCode, snapshot],
    );
    this.logger.log(
      `Resync of LA ${laCode} complete (snapshot ${snapshot}); ${dropped} stale entries dropped`,
    );
  }

  private async markResyncNeeded(
    manager: EntityManager,
    laCode: string,
    at: Date,
    reason: string,
    gaps: number,
  ): Promise<void> {
    await manager.query(
      `UPDATE locator_la_state
          SET resync_needed_since = COALESCE(resync_needed_since, $2), resync_reason = $3, gaps = gaps + $4,
              snapshot_gap = snapshot_begin IS NOT NULL
        WHERE la_code = $1`,
      [laCode, at, reason, gaps],
    );
  }

  /** Operator or gap: this LA's index must be rebuilt from a snapshot. */
  async requireResync(laCode: string, reason: string, at: Date = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO locator_la_state (la_code) VALUES ($1) ON CONFLICT DO NOTHING`, [
        laCode,
      ]);
      await this.markResyncNeeded(manager, laCode, at, reason, 0);
    });
  }
}
