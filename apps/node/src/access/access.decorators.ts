import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { UnauthenticatedError } from '@cp/errors';
import { ROLES, type Actor, type Role } from './roles';

export const ROLES_KEY = 'cp:roles';
export const PUBLIC_KEY = 'cp:public';
export const ENROLMENT_KEY = 'cp:enrolment';

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

/**
 * A TOTP enrolment route: callable by any role, but only with an enrolment token (from a password sign-in of a
 * user not yet enrolled); an access token is refused here, and an enrolment token everywhere else.
 */
export const EnrolmentOnly = () =>
  applyDecorators(SetMetadata(ROLES_KEY, [...ROLES]), SetMetadata(ENROLMENT_KEY, true));

/** The id of the request's session, put there by the AccessGuard. */
export const CurrentSessionId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<{ sessionId?: string }>();
  if (!request.sessionId) throw new UnauthenticatedError('Sign in first');
  return request.sessionId;
});
