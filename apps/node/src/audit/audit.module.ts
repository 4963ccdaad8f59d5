import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditQueryService } from './audit-query.service';
import { AuditVerifyService } from './audit-verify.service';
import { AuditService } from './audit.service';
import { RefusalsService } from './refusals.service';
import { RefusalInterceptor } from './refusal.interceptor';

@Global()
@Module({
  controllers: [AuditController],
  providers: [
    AuditService,
    RefusalsService,
    AuditQueryService,
    AuditVerifyService,
    { provide: APP_INTERCEPTOR, useClass: RefusalInterceptor },
  ],
  exports: [AuditService, RefusalsService, AuditVerifyService],
})
export class AuditModule {}
