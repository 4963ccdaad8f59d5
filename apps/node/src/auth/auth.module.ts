import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { AccessTokenService } from './access-token.service';
import { AuthController } from './auth.controller';
import { EnrolmentService } from './enrolment.service';
import { SignInService } from './sign-in.service';
import { SignInRateLimitService } from './sign-in-rate-limit.service';
import { OidcClientService } from './oidc/oidc-client.service';
import { OidcController } from './oidc/oidc.controller';
import { OidcSignInService } from './oidc/oidc-sign-in.service';

@Global()
@Module({
  imports: [UsersModule],
  controllers: [AuthController, OidcController],
  providers: [
    AccessTokenService,
    SignInService,
    SignInRateLimitService,
    EnrolmentService,
    OidcClientService,
    OidcSignInService,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccessTokenService],
})
export class AuthModule {}
