import { Module } from '@nestjs/common';
import { InvolvementsController } from './involvements.controller';
import { InvolvementsService } from './involvements.service';
import { RecordTransactions } from './record-transactions';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

@Module({
  controllers: [RecordsController, InvolvementsController],
  providers: [RecordsService, InvolvementsService, RecordTransactions],
  exports: [RecordsService, InvolvementsService, RecordTransactions],
})
export class RecordsModule {}
