import { Module } from '@nestjs/common';
import { IndexEvents } from './index-events';
import { RecordStore } from './record-store.service';
import { RecordTransactions } from './record-transactions';

/** A child's record as stored: its entities, the one write path (RecordStore) and read transactions. */
@Module({
  providers: [RecordStore, RecordTransactions, IndexEvents],
  exports: [RecordStore, RecordTransactions, IndexEvents],
})
export class RecordStoreModule {}
