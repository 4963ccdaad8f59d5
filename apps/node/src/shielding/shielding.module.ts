import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { ShieldingController } from './shielding.controller';
import { ShieldingService } from './shielding.service';

@Module({
  imports: [RecordsModule],
  controllers: [ShieldingController],
  providers: [ShieldingService],
  exports: [ShieldingService],
})
export class ShieldingModule {}
