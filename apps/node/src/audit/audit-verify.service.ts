import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { findChainBreak, GENESIS_HASH, type ChainBreak } from '@cp/audit-chain';
import { AuditEntry } from './audit-entry.entity';
import { auditLinkContent } from './audit.service';

export interface AuditVerification {
  ok: boolean;
  /** Entries checked (up to the last entry present when the check started). */
  checked: number;
  lastSequence: number;
  /**
   * The hash of the last entry checked. Kept outside the node (e.g. in the LA's IT log), it anchors the
   * chain: a rewritten tail, or a chain recomputed end to end by someone with owner rights, no longer ends in it.
   */
  lastHash: string;
  /** The first broken entry: its sequence and what is wrong with it. */
  firstBreak: ChainBreak | null;
}

const BATCH_SIZE = 1000;

/** Walks the whole chain in batches, recomputing each link; names the first broken entry. */
@Injectable()
export class AuditVerifyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async verify(): Promise<AuditVerification> {
    const repository = this.dataSource.getRepository(AuditEntry);
    const last = await repository.createQueryBuilder('entry').select('MAX(entry.sequence)', 'max').getRawOne<{
      max: string | null;
    }>();
    const lastSequence = Number(last?.max ?? 0);
    let start = { prevHash: GENESIS_HASH, sequence: 0 };
    let checked = 0;
    while (start.sequence < lastSequence) {
      const batch = await repository
        .createQueryBuilder('entry')
        .where('entry.sequence > :after AND entry.sequence <= :last', {
          after: start.sequence,
          last: lastSequence,
        })
        .orderBy('entry.sequence', 'ASC')
        .limit(BATCH_SIZE)
        .getMany();
      if (batch.length === 0) {
        return {
          ok: false,
          checked,
          lastSequence,
          lastHash: start.prevHash,
          firstBreak: { sequence: start.sequence + 1, problem: 'gap' },
        };
      }
      const firstBreak = findChainBreak(
        batch.map((entry) => ({
          sequence: entry.sequence,
          prevHash: entry.prevHash,
          hash: entry.hash,
          content: auditLinkContent(entry),
        })),
        start,
      );
      if (firstBreak)
        return {
          ok: false,
          checked: checked + (firstBreak.sequence - start.sequence - 1),
          lastSequence,
          lastHash: start.prevHash,
          firstBreak,
        };
      checked += batch.length;
      const tail = batch[batch.length - 1];
      start = { prevHash: tail.hash, sequence: tail.sequence };
    }
    return { ok: true, checked, lastSequence, lastHash: start.prevHash, firstBreak: null };
  }
}
