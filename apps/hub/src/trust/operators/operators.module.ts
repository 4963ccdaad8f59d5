import { Global, Module } from '@nestjs/common';
import { CaModule } from '../ca/ca.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { OperatorCertificatesService } from './operator-certificates.service';
import { OperatorIdentityService } from './operator-identity.service';
import { OperatorGuard } from './operator.guard';

/** Hub operators' authentication by client certificate; global so any controller can use @OperatorAccess(). */
@Global()
@Module({
  imports: [CertificatesModule, CaModule],
  providers: [OperatorIdentityService, OperatorGuard, OperatorCertificatesService],
  exports: [OperatorIdentityService, OperatorGuard, OperatorCertificatesService],
})
export class OperatorsModule {}
