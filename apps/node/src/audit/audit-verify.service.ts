import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CHAIN_START, walkChain, type ChainBreak } from '@cp/audit-chain';
import { AuditEntry } from './audit-entry.entity';
import type { AccessContext } from '../access/access-context';
import { AuditService, auditLinkContent } from './audit.service';

export interface AuditVerification {
  ok: boolean;
  /** Entries that hold before the first break (all entries checked when the chain holds). */
  checked: number;
  /** Every entry is walked, broken or not: the number walked (up to the last present when the check started). */
  walked: number;
  lastSequence: number;
  /**
   * The hash of the last entry walked. Kept outside the node (e.g. in the LA's IT log), it anchors the
   * chain: a rewritten tail, or a chain recomputed end to end by someone with owner rights, no longer ends in it.
   */
  lastHash: string;
  /** The first broken entry: its sequence and what is wrong with it. */
  firstBreak: ChainBreak | null;
  /** Every break found, in order (the first MAX_BREAKS_LISTED of them): one break never hides a later one. */
  breaks: ChainBreak[];
  /** How many breaks there are in all (more than `breaks` lists when over MAX_BREAKS_LISTED). */
  breakCount: number;
}

const BATCH_SIZE = 1000;
export const MAX_BREAKS_LISTED = 1000;

/** Walks the whole chain in batches, recomputing each link; names every broken entry. */
@Injectable()
export class AuditVerifyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** verify(), then the check itself audited ('audit.read'), for the API and the command line alike. */
  async verifyAudited(context: AccessContext, via: 'api' | 'cli'): Promise<AuditVerification> {
    const result = await this.verify();
    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, {
        context,
        action: 'audit.read',
        outcome: 'allowed',
        detail: {
          query: 'verify',
          ...(via === 'cli' ? { via } : {}),
          ok: result.ok,
          checked: result.walked,
          breaks: result.breakCount,
        },
      }),
    );
    return result;
  }

  async verify(): Promise<AuditVerification> {
    const repository = this.dataSource.getRepository(AuditEntry);
    const last = await repository.createQueryBuilder('entry').select('MAX(entry.sequence)', 'max').getRawOne<{
      max: string | null;
    }>();
    const lastSequence = Number(last?.max ?? 0);
    let position = CHAIN_START;
    let walked = 0;
    let breakCount = 0;
    const breaks: ChainBreak[] = [];
    while (position.sequence < lastSequence) {
      const batch = await repository
        .createQueryBuilder('entry')
        .where('entry.sequence > :after AND entry.sequence <= :last', {
          after: position.sequence,
          last: lastSequence,
        })
        .orderBy('entry.sequence', 'ASC')
        .limit(BATCH_SIZE)
        .getMany();
      if (batch.length === 0) break;
      const walk = walkChain(
        batch.map((entry) => ({
          sequence: entry.sequence,
          prevHash: entry.prevHash,
          hash: entry.hash,
          content: auditLinkContent(entry),
        })),
        position,
      );
      breakCount += walk.breaks.length;
      breaks.push(...walk.breaks.slice(0, MAX_BREAKS_LISTED - breaks.length));
      walked += batch.length;
      position = walk.end;
    }
    const firstBreak = breaks[0] ?? null;
    return {
      ok: breakCount === 0,
      // Entries are numbered from 1 with no gap before the first break, so those before it number one less.
      checked: firstBreak ? firstBreak.sequence - 1 : walked,
      walked,
      lastSequence,
      lastHash: position.prevHash,
      firstBreak,
      breaks,
      breakCount,
    };
  }
}
