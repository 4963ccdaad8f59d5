import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/**
 * TypeORM's own loggers print failed SQL with its parameters, which can be a child's name or date of birth.
 * This one logs only what identifies the failure: the PostgreSQL error code and constraint (rule 6).
 */
export class IdsOnlyQueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, _query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const { code, constraint } = (typeof error === 'object' ? error : {}) as {
      code?: string;
      constraint?: string;
    };
    this.logger.warn(
      `Query failed: code=${code ?? 'unknown'}${constraint ? ` constraint=${constraint}` : ''}`,
    );
  }

  logQuerySlow(time: number): void {
    this.logger.warn(`Slow query: ${time} ms`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
