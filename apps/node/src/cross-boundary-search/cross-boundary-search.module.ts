import { Module } from '@nestjs/common';
import { RecordStoreModule } from '../record-store/record-store.module';
import { SearchModule } from '../search/search.module';
import { CrossBoundarySearchController } from './cross-boundary-search.controller';
import { NodeSearchBus } from './node-search-bus';
import { SearchAnswerer } from './search-answerer.service';
import { SearchRequester } from './search-requester.service';

/** Cross-boundary search: practitioners' searches of other LAs, and this node's answers to theirs. */
@Module({
  imports: [RecordStoreModule, SearchModule],
  controllers: [CrossBoundarySearchController],
  providers: [SearchAnswerer, SearchRequester, NodeSearchBus],
  exports: [NodeSearchBus, SearchRequester],
})
export class CrossBoundarySearchModule {}
