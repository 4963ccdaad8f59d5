import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ForbiddenError, UnauthenticatedError } from '@cp/errors';
import { RefusalsService, type RefusalReason } from '../audit/refusals.service';
import { refusedRouteOf, targetsOf } from '../audit/refused-route';
import { SessionsService } from '../sessions/sessions.service';
import { AccessTokenService, type AccessTokenClaims } from './access-token.service';
import { ENROLMENT_KEY, PUBLIC_KEY, ROLES_KEY } from '../access/access.decorators';
import { ANONYMOUS_ACTOR, type Actor, type Role } from '../access/roles';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  sessionId?: string;
}

/** A refusal decided by the guard: the error to answer with and the reason to audit. */
class Refusal extends Error {
  constructor(
    readonly error: DomainError,
    readonly reason: RefusalReason,
    readonly actor: Actor = ANONYMOUS_ACTOR,
  ) {
    super(error.message);
  }
}

/**
 * Deny by default: a route must declare @Public() or @Roles(...). A caller needs a valid access token naming
 * an active session (not revoked, not idle too long, not over), whose role is one of the route's roles.
 * Every refusal is audited as 'access.refused' before the 401/403 goes out.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly sessions: SessionsService,
    private readonly refusals: RefusalsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    try {
      const { actor, sessionId } = await this.admit(context, request);
      request.actor = actor;
      request.sessionId = sessionId;
      return true;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      await this.refusals.record({
        actor: error.actor,
        reason: error.reason,
        where: refusedRouteOf(context),
        ...targetsOf(context),
      });
      throw error.error;
    }
  }

  private async admit(
    context: ExecutionContext,
    request: GuardedRequest,
  ): Promise<{ actor: Actor; sessionId: string }> {
    const targets = [context.getHandler(), context.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new Refusal(
        new ForbiddenError('This route declares no roles and is closed'),
        'route-declares-no-roles',
      );
    }
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    if (!match) throw new Refusal(new UnauthenticatedError('Sign in first: no access token'), 'no-token');
    const claims = await this.verify(match[1]);
    const actor: Actor = { userId: claims.userId, role: claims.role };

    const session = await this.sessions.touch(claims.sessionId);
    if (!session || session.userId !== claims.userId || session.role !== claims.role) {
      throw new Refusal(
        new UnauthenticatedError('Your session has ended: sign in again'),
        'session-ended',
        actor,
      );
    }
    const enrolmentRoute = this.reflector.getAllAndOverride<boolean>(ENROLMENT_KEY, targets) === true;
    if (enrolmentRoute && session.kind !== 'enrolment') {
      throw new Refusal(
        new ForbiddenError('This route is only for enrolling a second factor'),
        'enrolment-token-required',
        actor,
      );
    }
    if (!enrolmentRoute && session.kind !== 'access') {
      throw new Refusal(
        new ForbiddenError('Enrol a second factor first: this token only opens enrolment'),
        'enrolment-token-only',
        actor,
      );
    }
    if (!roles.includes(claims.role)) {
      throw new Refusal(
        new ForbiddenError(`The ${claims.role} role may not do this`),
        'role-not-allowed',
        actor,
      );
    }
    return { actor, sessionId: claims.sessionId };
  }

  private async verify(token: string): Promise<AccessTokenClaims> {
    try {
      return await this.tokens.verify(token);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      const reason = /expired/.test(error.message) ? 'expired-token' : 'invalid-token';
      throw new Refusal(error, reason);
    }
  }
}
