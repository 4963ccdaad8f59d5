import { Module } from '@nestjs/common';
import { RecordStoreModule } from '../record-store/record-store.module';
import { ShieldingController } from './shielding.controller';
import { ShieldingService } from './shielding.service';

@Module({
  imports: [RecordStoreModule],
  controllers: [ShieldingController],
  providers: [ShieldingService],
  exports: [ShieldingService],
})
export class ShieldingModule {}
