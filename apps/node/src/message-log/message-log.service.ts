import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageLogRetention, messageLogInsert, type LoggedMessage } from '@cp/message-log';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';

/**
 * The node's message log (docs/security.md, "Message log"): every signed federation message it sends or
 * receives, written in the transaction of the action it belongs to (pass that transaction's manager), or
 * on its own right before an answer goes out when the action has none. Rows older than
 * MESSAGE_LOG_RETENTION_DAYS are purged once a day by purge_federation_messages(), the only delete the
 * table's trigger lets through.
 */
@Injectable()
export class MessageLogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageLogService.name);
  private readonly retention: MessageLogRetention;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
  ) {
    this.retention = new MessageLogRetention(
      (sql, parameters) => this.dataSource.query(sql, parameters),
      settings.MESSAGE_LOG_RETENTION_DAYS,
      { info: (line) => this.logger.log(line), warn: (line) => this.logger.warn(line) },
    );
  }

  async write(manager: EntityManager | undefined, messages: LoggedMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { sql, parameters } = messageLogInsert(messages);
    await (manager ?? this.dataSource.manager).query(sql, parameters);
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
