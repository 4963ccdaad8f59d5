import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@cp/errors';
import type { Actor, Role } from './roles';

export const ROLES_KEY = 'cp:roles';
export const PUBLIC_KEY = 'cp:public';

/** The roles that may call a route. A route with neither @Roles nor @Public is refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** A route anyone may call (health, sign-in). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The request's signed-in actor, put there by the AccessGuard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new UnauthenticatedError('Sign in first');
  return request.actor;
});
