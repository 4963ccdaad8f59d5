import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { newCorrelationId } from '../access/access-context';
import { AccessTokenService } from './access-token.service';
import { CurrentActor, CurrentSessionId, EnrolmentOnly, Public, Roles } from '../access/access.decorators';
import {
  ConfirmEnrolmentDto,
  SignInDto,
  type AccessTokenResponse,
  type EnrolmentRequiredResponse,
  type EnrolmentStartResponse,
} from './dto/auth.dto';
import { EnrolmentService } from './enrolment.service';
import { ROLES, type Actor, type Role } from '../access/roles';
import { SignInService } from './sign-in.service';
import { PasswordChangeService } from '../users/password-change.service';
import { ChangePasswordDto } from '../users/dto/users.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signInService: SignInService,
    private readonly enrolment: EnrolmentService,
    private readonly tokens: AccessTokenService,
    private readonly passwords: PasswordChangeService,
  ) {}

  /** Password and TOTP code; a user not yet enrolled gets an enrolment token instead of an access token. */
  @Post('sign-in')
  @Public()
  @HttpCode(200)
  signIn(
    @Body() body: SignInDto,
    @Ip() ip: string,
  ): Promise<AccessTokenResponse | EnrolmentRequiredResponse> {
    return this.signInService.signIn(body, ip);
  }

  /** Issues (once) the TOTP secret as an otpauth URI and QR code. Enrolment token only. */
  @Post('enrolment')
  @EnrolmentOnly()
  @ApiBearerAuth()
  @HttpCode(200)
  startEnrolment(@CurrentActor() actor: Actor): Promise<EnrolmentStartResponse> {
    return this.enrolment.start(actor.userId);
  }

  /** Confirms enrolment with a valid code and returns an access token. Enrolment token only. */
  @Post('enrolment/confirm')
  @EnrolmentOnly()
  @ApiBearerAuth()
  @HttpCode(200)
  confirmEnrolment(
    @Body() body: ConfirmEnrolmentDto,
    @CurrentActor() actor: Actor,
    @CurrentSessionId() sessionId: string,
  ): Promise<AccessTokenResponse> {
    return this.enrolment.confirm(actor.userId, sessionId, body.code);
  }

  /** A fresh short-lived token for the same session (which must still be active). */
  @Post('refresh')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @HttpCode(200)
  async refresh(
    @CurrentActor() actor: Actor,
    @CurrentSessionId() sessionId: string,
  ): Promise<AccessTokenResponse> {
    const issued = await this.tokens.issueWithExpiry({
      userId: actor.userId,
      role: actor.role as Role,
      sessionId,
    });
    return { tokenType: 'Bearer', accessToken: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }

  @Get('me')
  @Roles(...ROLES)
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  /** Replaces the caller's own password; ends their other sessions. */
  @Post('password')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @HttpCode(204)
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentActor() actor: Actor,
    @CurrentSessionId() sessionId: string,
  ): Promise<void> {
    await this.passwords.change(
      { currentPassword: body.currentPassword, newPassword: body.newPassword, sessionId },
      { actor, correlationId: newCorrelationId() },
    );
  }

  /** Ends the session: every token naming it stops working at once. */
  @Post('sign-out')
  @Roles(...ROLES)
  @ApiBearerAuth()
  @HttpCode(204)
  async signOut(@CurrentActor() actor: Actor, @CurrentSessionId() sessionId: string): Promise<void> {
    await this.signInService.signOut(sessionId, { actor, correlationId: newCorrelationId() });
  }
}
