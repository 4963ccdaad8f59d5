import { Module } from '@nestjs/common';
import { CaModule } from '../ca/ca.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { EnrolmentController } from './enrolment.controller';
import { EnrolmentService } from './enrolment.service';

@Module({
  imports: [CaModule, CertificatesModule],
  controllers: [EnrolmentController],
  providers: [EnrolmentService],
  exports: [EnrolmentService],
})
export class EnrolmentModule {}
