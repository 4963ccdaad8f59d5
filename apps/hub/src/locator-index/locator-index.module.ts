import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificatesModule } from '../trust/certificates/certificates.module';
import { FederationModule } from '../federation/federation.module';
import { HubIndexBus } from './hub-index-bus';
import { IndexApplyService } from './index-apply.service';
import { IndexBusConnection } from './index-bus-connection';
import { IndexEnvelopeVerifier } from './index-envelope-verifier';
import { IndexFeedConsumer } from './index-feed.consumer';
import { IndexResyncService } from './index-resync.service';
import { IndexStatusService } from './index-status.service';
import { LocatorEntry } from './locator-entry.entity';
import { LocatorIndexController } from './locator-index.controller';
import { LocatorIndexService } from './locator-index.service';
import { LocatorLaState } from './locator-la-state.entity';
import { LocatorTokenRow } from './locator-token.entity';

/** The hub's locator index: tokens in, LA codes and child ids out; fed by every node's outbox. */
@Module({
  imports: [
    CertificatesModule,
    FederationModule,
    TypeOrmModule.forFeature([LocatorEntry, LocatorTokenRow, LocatorLaState]),
  ],
  controllers: [LocatorIndexController],
  providers: [
    LocatorIndexService,
    IndexApplyService,
    IndexEnvelopeVerifier,
    IndexBusConnection,
    IndexResyncService,
    IndexFeedConsumer,
    HubIndexBus,
    IndexStatusService,
  ],
  exports: [LocatorIndexService, HubIndexBus, IndexBusConnection],
})
export class LocatorIndexModule {}
