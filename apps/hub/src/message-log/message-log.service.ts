import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { messageLogInsert, type LoggedMessage } from '@cp/message-log';
import { HUB_SETTINGS, type HubSettings } from '../config/hub-settings';
import { GroupCommit } from '../search-routing/group-commit';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The hub's message log (docs/security.md, "Message log"): every signed federation message it sends or
 * receives, written in the transaction of the action it belongs to (pass that transaction's manager), or
 * on its own right before an answer goes out when the action has none. Rows older than
 * MESSAGE_LOG_RETENTION_DAYS are purged once a day by purge_federation_messages(), the only delete the
 * table's trigger lets through.
 */
@Injectable()
export class MessageLogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageLogService.name);
  private timer?: NodeJS.Timeout;
  /** Writes with no transaction to join (search routing) coalesce while one is in flight. */
  private readonly grouped = new GroupCommit<LoggedMessage[], void>(async (batches) => {
    await this.write(undefined, batches.flat());
    return batches.map(() => undefined);
  });

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
  ) {}

  /** Statements and rows written, and the time spent in them, since start (bench:search reports it). */
  readonly written = { statements: 0, rows: 0, ms: 0 };

  async write(manager: EntityManager | undefined, messages: LoggedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { sql, parameters } = messageLogInsert(messages);
    const started = performance.now();
    await (manager ?? this.dataSource.manager).query(sql, parameters);
    this.written.statements += 1;
    this.written.rows += messages.length;
    this.written.ms += performance.now() - started;
  }

  /** Its own insert (grouped with others in flight); settles once written, before the answer goes. */
  writeGrouped(messages: LoggedMessage[]): Promise<void> {
    return this.grouped.submit(messages);
  }

  /** Deletes the rows older than the retention; returns how many. */
  async purge(): Promise<number> {
    const [{ purged }] = await this.dataSource.query<{ purged: string }[]>(
      `SELECT purge_federation_messages($1) AS purged`,
      [this.settings.MESSAGE_LOG_RETENTION_DAYS],
    );
    return Number(purged);
  }

  onApplicationBootstrap(): void {
    const run = (): void => {
      void this.purge()
        .then((purged) => {
          if (purged > 0) this.logger.log(`Message log: ${purged} messages past retention purged`);
        })
        .catch((error: unknown) =>
          this.logger.warn(`Message log purge failed: ${error instanceof Error ? error.name : 'unknown'}`),
        );
    };
    this.timer = setInterval(run, DAY_MS);
    this.timer.unref();
    setTimeout(run, 60_000).unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
