import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IssuanceEntry } from '@cp/pki';
import { CaCertificateSource } from './ca-certificate.source';
import { IssuanceLogService } from './issuance-log.service';

/** Public CA material: anyone may read it; nothing here is secret or personal. */
@ApiTags('federation')
@Controller('federation')
export class CertificatesController {
  constructor(
    private readonly ca: CaCertificateSource,
    private readonly log: IssuanceLogService,
  ) {}

  @Get('ca-certificate')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: 'The federation CA certificate (check its fingerprint out of band)' })
  caCertificate(): string {
    return this.ca.certificatePem();
  }

  @Get('hub-certificate')
  @Header('content-type', 'application/x-pem-file')
  @ApiOperation({ summary: "The hub's current certificate (nodes check it against the CA they pinned)" })
  hubCertificate(): string {
    return this.ca.hubCertificatePem();
  }

  @Get('issuance-log')
  @ApiOperation({ summary: "The CA's hash-chained issuance log: nodes look for certificates in their name" })
  issuanceLog(): Promise<IssuanceEntry[]> {
    return this.log.entries();
  }
}
