import { Module } from '@nestjs/common';
import { RecordsModule } from '../records/records.module';
import { SeedService } from './seed.service';

@Module({
  imports: [RecordsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
