import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { FederationCertificateStore } from './certificate-store';
import { certificateSummary, type CertificateSummary } from './certificate-summary';

/** The node's federation certificate for its administrators (the LA IT console): read-only, no key material. */
@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation/certificate')
@Roles('node-administrator')
export class FederationCertificateController {
  constructor(
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly store: FederationCertificateStore,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "This node's federation certificate: enrolled or not, serial, validity, days left, SHA-256 fingerprint, " +
      'and a warning under 14 days',
  })
  certificate(): CertificateSummary {
    return certificateSummary(this.store, {
      laCode: this.settings.NODE_LA_CODE,
      federationDir: this.settings.FEDERATION_DIR,
    });
  }
}
