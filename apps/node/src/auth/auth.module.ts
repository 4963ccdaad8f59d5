import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { EnrolmentService } from './enrolment.service';
import { SignInService } from './sign-in.service';
import { SignInRateLimitService } from './sign-in-rate-limit.service';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [
    AccessTokenService,
    SignInService,
    SignInRateLimitService,
    EnrolmentService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessTokenService],
})
export class AuthModule {}
