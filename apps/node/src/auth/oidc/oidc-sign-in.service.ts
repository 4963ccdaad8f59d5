import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ForbiddenError, UnauthenticatedError } from '@cp/errors';
import { newCorrelationId } from '../../access/access-context';
import { ANONYMOUS_ACTOR, type Actor, type Role } from '../../access/roles';
import { AuditService } from '../../audit/audit.service';
import { SessionsService } from '../../sessions/sessions.service';
import { User } from '../../users/user.entity';
import { AccessTokenService } from '../access-token.service';
import type { AccessTokenResponse } from '../dto/auth.dto';
import { OidcCallbackError, OidcClientService, type VerifiedIdentity } from './oidc-client.service';
import { authenticationSatisfies, roleFromClaim } from './oidc-config';
import type { OidcFlow } from './oidc-cookies';

const CALLBACK_ROUTE = {
  route: 'OidcController.callback',
  method: 'GET',
  path: '/api/v1/auth/oidc/callback',
};

/** No password matches this (it is not an argon2 hash): an IdP user signs in only through the IdP. */
export const NO_PASSWORD = '!oidc-no-password';

const SIGN_IN_REFUSED = 'Sign-in through the identity provider was refused';

/**
 * Completes a sign-in through the LA's identity provider: the verified ID token's issuer and subject name the
 * user (linked at their first sign-in), its role claim names the role, and the node then opens its own
 * session and access token exactly as the password and TOTP sign-in does. Every success and refusal is audited.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    private readonly client: OidcClientService,
    private readonly sessions: SessionsService,
    private readonly tokens: AccessTokenService,
  ) {}

  async complete(query: string, flow: OidcFlow | null): Promise<AccessTokenResponse> {
    if (!flow) {
      await this.refuse(ANONYMOUS_ACTOR, { reason: 'oidc-flow-missing' });
      throw new UnauthenticatedError(`${SIGN_IN_REFUSED}: start again from the sign-in page`);
    }
    let identity: VerifiedIdentity;
    try {
      identity = await this.client.finish(query, flow);
    } catch (error) {
      if (!(error instanceof OidcCallbackError)) throw error;
      await this.refuse(ANONYMOUS_ACTOR, { reason: 'oidc-callback-refused', check: error.code });
      throw new UnauthenticatedError(`${SIGN_IN_REFUSED}: start again from the sign-in page`);
    }
    const config = this.client.config;
    if (!config) throw new Error('OIDC is not configured');
    const account = accountRef(identity);
    const linked = await this.linkedUser(identity);
    const actor: Actor = linked ? { userId: linked.id, role: linked.role } : ANONYMOUS_ACTOR;

    const mapped = roleFromClaim(identity.claims[config.roleClaim], config.roleMap);
    if ('refused' in mapped) {
      await this.refuse(actor, { reason: mapped.refused, idpAccount: account });
      throw new ForbiddenError(`${SIGN_IN_REFUSED}: your account there gives no role in ContactPoint`);
    }
    if (!authenticationSatisfies(identity.claims, config)) {
      await this.refuse(actor, { reason: 'oidc-mfa-not-shown', idpAccount: account });
      throw new ForbiddenError(`${SIGN_IN_REFUSED}: it did not show the sign-in strength this node requires`);
    }
    const outcome = await this.dataSource.transaction((manager) =>
      this.signIn(manager, identity, mapped.role, account),
    );
    if ('refusedUser' in outcome) {
      await this.refuse(outcome.refusedUser, { reason: 'account-disabled', idpAccount: account });
      throw new ForbiddenError(`${SIGN_IN_REFUSED}: this account is disabled here`);
    }
    return outcome;
  }

  private async linkedUser(identity: VerifiedIdentity): Promise<User | null> {
    const rows = await this.dataSource.query<{ user_id: string }[]>(
      'SELECT user_id FROM oidc_identity WHERE issuer = $1 AND subject = $2',
      [identity.issuer, identity.subject],
    );
    const userId = rows[0]?.user_id;
    return userId ? this.dataSource.getRepository(User).findOneBy({ id: userId }) : null;
  }

  private async signIn(
    manager: EntityManager,
    identity: VerifiedIdentity,
    role: Role,
    account: string,
  ): Promise<AccessTokenResponse | { refusedUser: Actor }> {
    const users = manager.getRepository(User);
    const [link] = await manager.query<{ user_id: string }[]>(
      'SELECT user_id FROM oidc_identity WHERE issuer = $1 AND subject = $2 FOR UPDATE',
      [identity.issuer, identity.subject],
    );
    const names = namesOf(identity.claims, account);
    let user = link
      ? await users.findOne({ where: { id: link.user_id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (link && !user) throw new Error('oidc_identity names a user that does not exist');
    let previousRole: Role | undefined;
    if (user) {
      if (user.disabled) return { refusedUser: { userId: user.id, role: user.role } };
      if (user.role !== role) {
        // The IdP is the authority on roles: a changed claim changes the role and ends the old role's sessions.
        previousRole = user.role;
        await this.sessions.revokeAllOf(user.id, manager);
      }
      Object.assign(user, { role, ...names, failedAttempts: 0, lockedUntil: null });
      await users.save(user);
      await manager.query(
        'UPDATE oidc_identity SET last_sign_in_at = now() WHERE issuer = $1 AND subject = $2',
        [identity.issuer, identity.subject],
      );
    } else {
      user = users.create({
        id: randomUUID(),
        username: `idp-${account}`,
        ...names,
        role,
        passwordHash: NO_PASSWORD,
        totpSecretEncrypted: null,
        totpEnrolled: false,
        totpLastStep: null,
        failedAttempts: 0,
        lockedUntil: null,
        disabled: false,
      });
      await users.insert(user);
      await manager.query('INSERT INTO oidc_identity (issuer, subject, user_id) VALUES ($1, $2, $3)', [
        identity.issuer,
        identity.subject,
        user.id,
      ]);
    }
    const sessionId = await this.sessions.open({ userId: user.id, role, kind: 'access' }, manager);
    await this.audit.record(manager, {
      context: { actor: { userId: user.id, role }, correlationId: newCorrelationId() },
      action: 'auth.sign-in',
      outcome: 'allowed',
      detail: {
        stage: 'oidc',
        sessionId,
        idpAccount: account,
        ...(link ? {} : { firstSignIn: true }),
        ...(previousRole ? { previousRole } : {}),
      },
    });
    const issued = await this.tokens.issueWithExpiry({ userId: user.id, role, sessionId, kind: 'access' });
    return { tokenType: 'Bearer', accessToken: issued.token, expiresAt: issued.expiresAt.toISOString() };
  }

  /** An 'access.refused' entry in a transaction of its own, like every other refused sign-in. */
  private async refuse(actor: Actor, detail: Record<string, string>): Promise<void> {
    await this.audit.recordRefusal(this.dataSource.manager, {
      context: { actor, correlationId: newCorrelationId() },
      action: 'access.refused',
      detail: { ...CALLBACK_ROUTE, ...detail },
    });
  }
}

/** A pseudonymous, stable reference to the IdP account (issuer and subject hashed): ids only in the audit. */
export function accountRef(identity: Pick<VerifiedIdentity, 'issuer' | 'subject'>): string {
  return createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex').slice(0, 24);
}

function claimText(value: unknown): string | null {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, 200) : null;
}

/** The user's names from the standard claims (display name falls back to the account reference). */
function namesOf(claims: Readonly<Record<string, unknown>>, account: string) {
  const given = claimText(claims.given_name);
  const family = claimText(claims.family_name);
  const displayName =
    claimText(claims.name) ?? ([given, family].filter(Boolean).join(' ') || `IdP account ${account}`);
  return { displayName, familyName: family ?? '' };
}
