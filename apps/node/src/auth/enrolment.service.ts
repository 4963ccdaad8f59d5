import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { toDataURL } from 'qrcode';
import type { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError, UnauthenticatedError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import type { AccessTokenResponse, EnrolmentStartResponse } from './dto/auth.dto';
import { SecretBox } from './secret-box';
import { isFreshStep } from '../users/sign-in-policy';
import { SignInService } from './sign-in.service';
import { matchTotpStep, newTotpSecret, totpUri } from './totp';

/**
 * TOTP enrolment, reached with an enrolment token: the user gets an otpauth URI and its QR code, then
 * confirms with one valid code, which completes sign-in.
 */
@Injectable()
export class EnrolmentService {
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    private readonly sessions: SessionsService,
    private readonly signIn: SignInService,
  ) {
    this.secrets = new SecretBox(settings.TOTP_ENCRYPTION_KEY);
  }

  /** The same secret until enrolment is confirmed, so asking twice shows the same QR code. */
  async start(userId: string): Promise<EnrolmentStartResponse> {
    const secret = await this.dataSource.transaction(async (manager) => {
      const user = await this.enrollingUser(manager, userId);
      if (user.totpSecretEncrypted) return this.secrets.open(user.totpSecretEncrypted, user.id);
      const fresh = newTotpSecret();
      user.totpSecretEncrypted = this.secrets.seal(fresh, user.id);
      await manager.getRepository(User).save(user);
      return fresh;
    });
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    const otpauthUri = totpUri(user.username, `ContactPoint ${this.settings.NODE_LA_NAME}`, secret);
    return { otpauthUri, qrCodeDataUrl: await toDataURL(otpauthUri) };
  }

  /** Confirms with a valid code; ends the enrolment session and opens an access session. */
  async confirm(userId: string, sessionId: string, code: string): Promise<AccessTokenResponse> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const user = await this.enrollingUser(manager, userId);
      if (!user.totpSecretEncrypted)
        throw new ConflictError('Start enrolment first: no secret has been issued');
      const now = new Date();
      const step = matchTotpStep(code, this.secrets.open(user.totpSecretEncrypted, user.id), now);
      if (step === null || !isFreshStep(step, user.totpLastStep)) {
        return this.signIn.fail(manager, user, now, step === null ? 'wrong-code' : 'replayed-code');
      }
      Object.assign(user, { totpEnrolled: true, totpLastStep: step, failedAttempts: 0, lockedUntil: null });
      await manager.getRepository(User).save(user);
      await this.sessions.revoke(sessionId, manager);
      return { ok: true as const, response: await this.signIn.accessSession(manager, user, 'enrolled') };
    });
    if (!outcome.ok) throw new UnauthenticatedError('That code is not valid: try the current one');
    return outcome.response as AccessTokenResponse;
  }

  private async enrollingUser(manager: EntityManager, userId: string): Promise<User> {
    const user = await manager
      .getRepository(User)
      .findOne({ where: { id: userId }, lock: { mode: 'pessimistic_write' } });
    if (!user || user.disabled) throw new NotFoundError('No such active user');
    if (user.totpEnrolled) throw new ConflictError('A second factor is already enrolled');
    return user;
  }
}
