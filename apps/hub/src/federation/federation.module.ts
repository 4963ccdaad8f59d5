import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaModule } from '../trust/ca/ca.module';
import { CertificatesModule } from '../trust/certificates/certificates.module';
import { FederationMessage } from './federation-message.entity';
import { FederationController } from './federation.controller';
import { FederationMessagesService } from './federation-messages.service';
import { FederationService } from './federation.service';

@Module({
  imports: [CaModule, CertificatesModule, TypeOrmModule.forFeature([FederationMessage])],
  controllers: [FederationController],
  providers: [FederationMessagesService, FederationService],
  exports: [FederationMessagesService],
})
export class FederationModule {}
