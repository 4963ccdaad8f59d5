import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IsoDate } from '@cp/record-model';
import { syntheticChild } from '@cp/synthetic';
import { newCorrelationId, type AccessContext } from '../access/access-context';
import { SYSTEM_ACTOR } from '../access/roles';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { Child } from '../record-store/child.entity';
import { RecordsService } from '../records/records.service';

export interface SeedRequest {
  /** The number of children the node should hold when seeding is done. */
  count: number;
  /** Seed of the synthetic data: the same seed and reference date give the same children. */
  seed: number;
  /** Children are aged 0 to 17 on this date. */
  referenceDate: IsoDate;
  /** Checked between records: seeding stops after the record in hand, losing nothing. */
  signal?: AbortSignal;
}

export interface SeedResult {
  existing: number;
  created: number;
}

/**
 * Loads deterministic synthetic children into this node for demos and trials. Every record goes through
 * RecordsService.create, so it is validated and audited like any other write, each in its own transaction.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    private readonly records: RecordsService,
    private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  /**
   * Idempotent and resumable: a node already holding `count` children is left alone; one holding fewer
   * gets the synthetic children numbered from its current count, so an interrupted run continues.
   */
  async seed(request: SeedRequest): Promise<SeedResult> {
    const existing = await this.dataSource.getRepository(Child).count();
    if (existing >= request.count) {
      this.logger.log(`Node holds ${existing} children (>= ${request.count}): nothing to seed`);
      return { existing, created: 0 };
    }
    const context: AccessContext = {
      actor: SYSTEM_ACTOR,
      reason: 'maintaining-the-record',
      correlationId: newCorrelationId(),
    };
    let created = 0;
    for (let index = existing; index < request.count; index++) {
      if (request.signal?.aborted) break;
      const input = syntheticChild(this.settings.NODE_LA_CODE, index, request.seed, request.referenceDate);
      await this.records.create(input, context);
      created++;
      if (created % 100 === 0) this.logger.log(`Seeded ${existing + created} of ${request.count} children`);
    }
    this.logger.log(`Seeded ${created} children (correlation ${context.correlationId})`);
    return { existing, created };
  }
}
