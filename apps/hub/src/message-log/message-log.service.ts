import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageLogRetention, messageLogInsert, type LoggedMessage } from '@cp/message-log';
import { HUB_SETTINGS, type HubSettings } from '../config/hub-settings';
import { GroupCommit } from '@cp/database';

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
  private readonly retention: MessageLogRetention;
  /** Writes with no transaction to join (search routing) coalesce while one is in flight. */
  private readonly grouped = new GroupCommit<LoggedMessage[], void>(async (batches) => {
    await this.write(undefined, batches.flat());
    return batches.map(() => undefined);
  });

  constructor(
    private readonly dataSource: DataSource,
    @Inject(HUB_SETTINGS) settings: HubSettings,
  ) {
    this.retention = new MessageLogRetention(
      (sql, parameters) => this.dataSource.query(sql, parameters),
      settings.MESSAGE_LOG_RETENTION_DAYS,
      { info: (line) => this.logger.log(line), warn: (line) => this.logger.warn(line) },
    );
  }

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
  purge(): Promise<number> {
    return this.retention.purge();
  }

  onApplicationBootstrap(): void {
    this.retention.start();
  }

  onApplicationShutdown(): void {
    this.retention.stop();
  }
}
