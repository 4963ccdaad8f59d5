import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IndexOutboxService } from './index-outbox.service';

/** The node's side of index lag: what is waiting to reach the hub, and since when. Counts only. */
export interface IndexOutboxStatus {
  /** FEDERATION_TOKEN_KEY is set: changes are tokenised and published. */
  indexing: boolean;
  backlog: number;
  oldestUnpublishedAt: string | null;
  oldestUnpublishedAgeSeconds: number | null;
  lastPublishedSequence: string | null;
  lastPublishedAt: string | null;
  /** Changes recorded while the key was unset (replaced by a snapshot once it is set). */
  withoutTokens: number;
}

@Injectable()
export class IndexOutboxStatusService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: IndexOutboxService,
  ) {}

  async status(now: Date = new Date()): Promise<IndexOutboxStatus> {
    const [waiting] = await this.dataSource.query<
      { backlog: string; oldest: Date | null; tokenless: string }[]
    >(
      `SELECT count(*) AS backlog, min(created_at) AS oldest, count(*) FILTER (WHERE tokens IS NULL) AS tokenless
         FROM index_outbox WHERE published_at IS NULL`,
    );
    const [published] = await this.dataSource.query<{ sequence: string | null; at: Date | null }[]>(
      `SELECT sequence::text, published_at AS at FROM index_outbox
        WHERE published_at IS NOT NULL ORDER BY sequence DESC LIMIT 1`,
    );
    return {
      indexing: this.outbox.indexing,
      backlog: Number(waiting.backlog),
      oldestUnpublishedAt: waiting.oldest ? waiting.oldest.toISOString() : null,
      oldestUnpublishedAgeSeconds: waiting.oldest
        ? Math.max(0, (now.getTime() - waiting.oldest.getTime()) / 1000)
        : null,
      lastPublishedSequence: published?.sequence ?? null,
      lastPublishedAt: published?.at ? published.at.toISOString() : null,
      withoutTokens: Number(waiting.tokenless),
    };
  }
}
