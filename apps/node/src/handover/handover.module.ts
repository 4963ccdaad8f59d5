import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RecordStoreModule } from '../record-store/record-store.module';
import { HandoverBus } from './handover.bus';
import { HandoverController } from './handover.controller';
import { NodeHandover } from './handover.entity';
import { HandoverPublisher } from './handover-outbox';
import { HandoverReceiver } from './handover-receiver.service';
import { HandoverService } from './handover.service';

/** A child moves area: this node's side of the handover saga, and its data managers' routes. */
@Module({
  imports: [RecordStoreModule, TypeOrmModule.forFeature([NodeHandover])],
  controllers: [HandoverController],
  providers: [HandoverService, HandoverReceiver, HandoverPublisher, HandoverBus],
  exports: [HandoverBus, HandoverService],
})
export class HandoverModule {}
