import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificateRevocation } from './certificate-revocation.entity';
import { CaCertificateSource } from './ca-certificate.source';
import { CertificateRegistryService } from './certificate-registry.service';
import { CertificatesController } from './certificates.controller';
import { IssuanceLogService } from './issuance-log.service';
import { IssuedCertificate } from './issued-certificate.entity';
import { NatsUsersService } from './nats-users.service';
import { AdmittedLaStreams } from './admitted-la-streams';

/** The CA's records: issuance log, trust registry, and the bus users derived from them. */
@Module({
  imports: [TypeOrmModule.forFeature([IssuedCertificate, CertificateRevocation])],
  controllers: [CertificatesController],
  providers: [
    CaCertificateSource,
    IssuanceLogService,
    CertificateRegistryService,
    NatsUsersService,
    AdmittedLaStreams,
  ],
  exports: [
    CaCertificateSource,
    IssuanceLogService,
    CertificateRegistryService,
    NatsUsersService,
    AdmittedLaStreams,
  ],
})
export class CertificatesModule {}
