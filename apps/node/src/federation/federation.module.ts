import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NodeSettings } from '../config/node-settings';
import { FederationCertificateStore } from './certificate-store';
import { NodeFederationMessage } from './federation-message.entity';
import { FederationCertificateController } from './federation-certificate.controller';
import { HubLinkService } from './hub-link.service';

/**
 * The node's side of the federation: its certificate store and signed link to the hub.
 * Without FEDERATION_DIR the node still boots for local use; HubLinkService then refuses with 503.
 */
@Module({})
export class FederationModule {
  static register(settings: NodeSettings): DynamicModule {
    return {
      module: FederationModule,
      imports: [TypeOrmModule.forFeature([NodeFederationMessage])],
      controllers: [FederationCertificateController],
      providers: [
        {
          provide: FederationCertificateStore,
          useValue: new FederationCertificateStore(settings.FEDERATION_DIR ?? ''),
        },
        HubLinkService,
      ],
      exports: [HubLinkService, FederationCertificateStore],
    };
  }
}
