import { Module } from '@nestjs/common';
import { MisuseController } from './misuse.controller';
import { MisuseScheduleService } from './misuse-schedule.service';
import { MisuseService } from './misuse.service';

@Module({
  controllers: [MisuseController],
  providers: [MisuseService, MisuseScheduleService],
  exports: [MisuseService],
})
export class MisuseModule {}
