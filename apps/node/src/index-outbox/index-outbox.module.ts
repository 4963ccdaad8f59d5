import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IndexOutboxController } from './index-outbox.controller';
import { IndexOutboxRow } from '../record-store/index-outbox.entity';
import { RecordStoreModule } from '../record-store/record-store.module';
import { IndexOutboxStatusService } from './index-outbox-status.service';
import { IndexOutboxService } from './index-outbox.service';
import { IndexPublisher } from './index-publisher';
import { IndexResyncResponder } from './index-resync.responder';
import { NodeIndexBus } from './node-index-bus';

/** The node's locator index feed: outbox written with every record change, published to the hub. Global, like the audit: every record write calls it in its transaction. */
@Global()
@Module({
  imports: [RecordStoreModule, TypeOrmModule.forFeature([IndexOutboxRow])],
  controllers: [IndexOutboxController],
  providers: [
    IndexOutboxService,
    IndexOutboxStatusService,
    IndexPublisher,
    IndexResyncResponder,
    NodeIndexBus,
  ],
  exports: [IndexOutboxService, NodeIndexBus, IndexPublisher],
})
export class IndexOutboxModule {}
