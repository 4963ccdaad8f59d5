import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RateLimitedError, UnauthenticatedError } from '@cp/errors';
import { AuditService } from '../audit/audit.service';
import { newCorrelationId, type AccessContext } from '../access/access-context';
import { RefusalsService, type RefusalReason, type RefusedRoute } from '../audit/refusals.service';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { SessionsService } from '../sessions/sessions.service';
import { User } from '../users/user.entity';
import { hashPassword, newInitialPassword, verifyPassword } from '../users/passwords';
import { AccessTokenService } from './access-token.service';
import type { AccessTokenResponse, EnrolmentRequiredResponse, SignInDto } from './dto/auth.dto';
import { SecretBox } from './secret-box';
import { afterFailure, afterSuccess, isFreshStep, isLocked } from '../users/sign-in-policy';
import { SignInRateLimitService } from './sign-in-rate-limit.service';
import { matchTotpStep } from './totp';

const SIGN_IN_ROUTE: RefusedRoute = {
  route: 'AuthController.signIn',
  method: 'POST',
  path: '/api/v1/auth/sign-in',
};

/** One answer for every failed sign-in, so a caller cannot tell which factor, or whether the user, was wrong. */
const SIGN_IN_FAILED = 'Sign-in failed: check your username, password and code';

type Outcome =
  | { ok: true; response: AccessTokenResponse | EnrolmentRequiredResponse }
  | { ok: false; reason: RefusalReason };

/**
 * Sign-in with both factors: argon2id password and TOTP code. Refusals and the failure count are written in
 * the same transaction as the attempt, with the user's row locked so that two requests cannot spend one code.
 */
@Injectable()
export class SignInService implements OnModuleInit {
  /** Verified against when the username is unknown, so that case takes as long as a wrong password. */
  private dummyHash = '';
  private readonly secrets: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
    @Inject(AuditService) private readonly audit: AuditService,
    private readonly refusals: RefusalsService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokenService,
    private readonly rateLimit: SignInRateLimitService,
  ) {
    this.secrets = new SecretBox(settings.TOTP_ENCRYPTION_KEY);
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashPassword(newInitialPassword());
  }

  async signIn(input: SignInDto, ip: string): Promise<AccessTokenResponse | EnrolmentRequiredResponse> {
    const verdict = await this.rateLimit.admit(ip, input.username);
    if (!verdict.allowed) {
      await this.refusals.record({
        actor: { userId: 'anonymous', role: 'anonymous' },
        reason: 'rate-limited',
        where: SIGN_IN_ROUTE,
      });
      // Attempts are counted over the last minute, refused ones too: after a quiet minute none is left.
      const byIp = verdict.by === 'ip';
      throw new RateLimitedError(
        `Too many sign-in attempts ${byIp ? 'from this address' : 'for this username'}: wait a minute`,
        {
          name: byIp ? 'sign-in-per-address' : 'sign-in-per-username',
          limit: byIp
            ? this.settings.SIGN_IN_RATE_LIMIT_PER_IP
            : this.settings.SIGN_IN_RATE_LIMIT_PER_USERNAME,
          windowSeconds: 60,
          retryAfterSeconds: 60,
        },
      );
    }
    const outcome = await this.dataSource.transaction((manager) => this.attempt(manager, input));
    if (!outcome.ok) throw new UnauthenticatedError(SIGN_IN_FAILED);
    return outcome.response;
  }

  private async attempt(manager: EntityManager, input: SignInDto): Promise<Outcome> {
    const users = manager.getRepository(User);
    const user = await users.findOne({
      where: { username: input.username },
      lock: { mode: 'pessimistic_write' },
    });
    if (!user) {
      await verifyPassword(this.dummyHash, input.password);
      return this.refuse(manager, null, 'unknown-user');
    }
    const now = new Date();
    if (user.disabled || isLocked(user, now)) {
      await verifyPassword(this.dummyHash, input.password);
      return this.refuse(manager, user, user.disabled ? 'account-disabled' : 'account-locked');
    }
    if (!(await verifyPassword(user.passwordHash, input.password)))
      return this.fail(manager, user, now, 'wrong-password');

    if (!user.totpEnrolled) return { ok: true, response: await this.enrolmentSession(manager, user) };

    if (!input.code) return this.fail(manager, user, now, 'missing-code');
    const secret = this.secrets.open(user.totpSecretEncrypted ?? '', user.id);
    const step = matchTotpStep(input.code, secret, now);
    if (step === null) return this.fail(manager, user, now, 'wrong-code');
    if (!isFreshStep(step, user.totpLastStep)) return this.fail(manager, user, now, 'replayed-code');

    Object.assign(user, afterSuccess(), { totpLastStep: step });
    await users.save(user);
    return { ok: true, response: await this.accessSession(manager, user, 'sign-in') };
  }

  /** Opens an access session for a user who has just proved both factors (sign-in or enrolment). */
  async accessSession(
    manager: EntityManager,
    user: User,
    stage: 'sign-in' | 'enrolled',
  ): Promise<AccessTokenResponse> {
    const sessionId = await this.sessions.open({ userId: user.id, role: user.role, kind: 'access' }, manager);
    await this.audit.record(manager, {
      context: { actor: { userId: user.id, role: user.role }, correlationId: newCorrelationId() },
      action: 'auth.sign-in',
      outcome: 'allowed',
      detail: { stage, sessionId },
    });
    const issued = await this.tokens.issueWithExpiry({
      userId: user.id,
      role: user.role,
      sessionId,
      kind: 'access',
    });
    return { tokenType: 'Bearer', accessToken: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }

  private async enrolmentSession(manager: EntityManager, user: User): Promise<EnrolmentRequiredResponse> {
    Object.assign(user, afterSuccess());
    await manager.getRepository(User).save(user);
    const sessionId = await this.sessions.open(
      { userId: user.id, role: user.role, kind: 'enrolment' },
      manager,
    );
    await this.audit.record(manager, {
      context: { actor: { userId: user.id, role: user.role }, correlationId: newCorrelationId() },
      action: 'auth.sign-in',
      outcome: 'allowed',
      detail: { stage: 'password-only-enrolment', sessionId },
    });
    const issued = await this.tokens.issueWithExpiry({
      userId: user.id,
      role: user.role,
      sessionId,
      kind: 'enrolment',
    });
    return {
      enrolmentRequired: true,
      tokenType: 'Bearer',
      enrolmentToken: issued.token,
      expiresAt: issued.expiresAt.toISOString(),
    };
  }

  /** A failed factor: counts toward lock-out, and is audited in the same transaction. */
  async fail(manager: EntityManager, user: User, now: Date, reason: RefusalReason): Promise<Outcome> {
    const policy = {
      threshold: this.settings.SIGN_IN_LOCKOUT_THRESHOLD,
      lockMinutes: this.settings.SIGN_IN_LOCKOUT_MINUTES,
    };
    Object.assign(user, afterFailure(user, now, policy));
    await manager.getRepository(User).save(user);
    return this.refuse(manager, user, reason, isLocked(user, now));
  }

  private async refuse(
    manager: EntityManager,
    user: User | null,
    reason: RefusalReason,
    lockedNow = false,
  ): Promise<Outcome> {
    await this.audit.record(manager, {
      context: {
        actor: user ? { userId: user.id, role: user.role } : { userId: 'anonymous', role: 'anonymous' },
        correlationId: newCorrelationId(),
      },
      action: 'access.refused',
      outcome: 'refused',
      detail: { ...SIGN_IN_ROUTE, reason, ...(lockedNow ? { accountLocked: true } : {}) },
    });
    return { ok: false, reason };
  }

  /** Ends the session (every token naming it stops working at once), audited in the same transaction. */
  async signOut(sessionId: string, context: AccessContext): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.sessions.revoke(sessionId, manager);
      await this.audit.record(manager, {
        context,
        action: 'auth.sign-out',
        outcome: 'allowed',
        detail: { sessionId },
      });
    });
  }
}
