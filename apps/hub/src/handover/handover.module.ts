import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificatesModule } from '../trust/certificates/certificates.module';
import { HandoverConsumer } from './handover-consumer';
import { HandoverCoordinator } from './handover-coordinator.service';
import { HandoverDeliverer } from './handover-deliverer';
import { HandoverDelivery } from './handover-delivery.entity';
import { HandoverTrustService } from './handover-trust.service';
import { HandoversController } from './handovers.controller';
import { HandoversService } from './handovers.service';
import { HubHandover } from './hub-handover.entity';
import { HubHandoverBus } from './hub-handover.bus';

/** A child moves area: the hub coordinates the handover saga and logs it (ids and codes only). */
@Module({
  imports: [CertificatesModule, TypeOrmModule.forFeature([HubHandover, HandoverDelivery])],
  controllers: [HandoversController],
  providers: [
    HandoverTrustService,
    HandoverCoordinator,
    HandoverConsumer,
    HandoverDeliverer,
    HubHandoverBus,
    HandoversService,
  ],
  exports: [HandoversService, HubHandoverBus],
})
export class HandoverModule {}
