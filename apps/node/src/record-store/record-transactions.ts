import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a record action and its audit entry in one transaction, so nothing is written without its entry
 * and nothing is written partly. Refusals (403, 404) thrown inside roll the action back; the HTTP layer's
 * RefusalInterceptor audits them as 'access.refused' in a transaction of their own.
 */
@Injectable()
export class RecordTransactions {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Reads with no transaction of their own (each statement sees committed data, as it would inside a
   * READ COMMITTED transaction): for accesses whose audit entry is group-committed
   * (AuditService.recordCommitted) before anything read is returned.
   */
  read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}
