import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthenticatedError } from '@cp/errors';
import { AccessTokenService } from './access-token.service';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import type { Actor, Role } from './roles';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  sessionId?: string;
}

/**
 * Deny by default: a route must declare @Public() or @Roles(...). A caller needs a valid access token
 * whose role is one of the route's roles.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) throw new ForbiddenError('This route declares no roles and is closed');

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header) : null;
    if (!match) throw new UnauthenticatedError('Sign in first: no access token');
    const claims = await this.tokens.verify(match[1]);
    request.actor = { userId: claims.userId, role: claims.role };
    request.sessionId = claims.sessionId;
    if (!roles.includes(claims.role)) throw new ForbiddenError(`The ${claims.role} role may not do this`);
    return true;
  }
}
