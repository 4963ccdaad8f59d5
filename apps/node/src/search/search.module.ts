import { Module } from '@nestjs/common';
import { RecordStoreModule } from '../record-store/record-store.module';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

@Module({
  imports: [RecordStoreModule],
  controllers: [SearchController],
  providers: [SearchService],
  exports: [SearchService],
})
export class SearchModule {}
