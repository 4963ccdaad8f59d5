import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CertificatesModule } from '../certificates/certificates.module';
import { CertificateRevocation } from '../certificates/certificate-revocation.entity';
import { RevocationService } from './revocation.service';

@Module({
  imports: [CertificatesModule, TypeOrmModule.forFeature([CertificateRevocation])],
  providers: [RevocationService],
  exports: [RevocationService],
})
export class RevocationModule {}
