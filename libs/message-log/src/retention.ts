import type { SqlQuery } from './verify-messages';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_PURGE_AFTER_MS = 60_000;

/**
 * Keeps a message log to its retention: once a day (first a minute after start) calls
 * purge_federation_messages(days), the only delete the table's trigger lets through. Node and hub alike.
 */
export class MessageLogRetention {
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(
    private readonly query: SqlQuery,
    private readonly retentionDays: number,
    private readonly log: { info: (line: string) => void; warn: (line: string) => void },
  ) {}

  /** Deletes the rows older than the retention; returns how many. */
  async purge(): Promise<number> {
    const [row] = (await this.query(`SELECT purge_federation_messages($1) AS purged`, [
      this.retentionDays,
    ])) as { purged: string }[];
    return Number(row?.purged ?? 0);
  }

  start(): void {
    const run = (): void => {
      void this.purge()
        .then((purged) => {
          if (purged > 0) this.log.info(`Message log: ${purged} messages past retention purged`);
        })
        .catch((error: unknown) =>
          this.log.warn(`Message log purge failed: ${error instanceof Error ? error.name : 'unknown'}`),
        );
    };
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
    this.first = setTimeout(run, FIRST_PURGE_AFTER_MS);
    this.first.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.first) clearTimeout(this.first);
  }
}
