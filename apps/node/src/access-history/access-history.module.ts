import { Module } from '@nestjs/common';
import { AccessHistoryController } from './access-history.controller';
import { AccessHistoryService } from './access-history.service';
import { SubjectAccessExportService } from './subject-access-export.service';

/** Issue 16: "who has looked at this child" and the subject access export, for auditors. */
@Module({
  controllers: [AccessHistoryController],
  providers: [AccessHistoryService, SubjectAccessExportService],
})
export class AccessHistoryModule {}
