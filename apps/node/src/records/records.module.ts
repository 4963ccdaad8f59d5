import { Module } from '@nestjs/common';
import { InvolvementsController } from './involvements.controller';
import { InvolvementsService } from './involvements.service';
import { RecordStoreModule } from '../record-store/record-store.module';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({
  imports: [RecordStoreModule],
  controllers: [RecordsController, InvolvementsController],
  providers: [RecordsService, InvolvementsService],
  exports: [RecordsService, InvolvementsService],
})
export class RecordsModule {}
