import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { CaService } from './ca.service';

@Module({
  imports: [CertificatesModule],
  providers: [CaService],
  exports: [CaService],
})
export class CaModule {}
