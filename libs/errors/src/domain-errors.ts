/** One problem with one field: the field's path and the rule it broke. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

export type DomainErrorKind =
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-many-requests'
  | 'unavailable';

/**
 * Typed errors of the domain. They carry no personal data: messages name fields, rules and ids only.
 * HTTP and RPC map them in one place each (http-exception.filter.ts and rpc-error.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly kind = 'invalid-input';
  static field(field: string, rule: string, message: string): InvalidInputError {
    return new InvalidInputError(message, [{ field, rule, message }]);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

export class TooManyRequestsError extends DomainError {
  readonly kind = 'too-many-requests';
}

/** Which rate limit was reached: its name, its size, and when to try again (answered with Retry-After). */
export interface RateLimitDetail {
  name: string;
  limit: number;
  windowSeconds: number;
  retryAfterSeconds: number;
}

/** A rate limit reached: 429 with a Retry-After header and the limit named in the body. */
export class RateLimitedError extends TooManyRequestsError {
  constructor(
    message: string,
    readonly rateLimit: RateLimitDetail,
  ) {
    super(message);
  }
}

export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}

export function httpStatusOf(kind: DomainErrorKind): number {
  switch (kind) {
    case 'invalid-input':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'too-many-requests':
      return 429;
    case 'unavailable':
      return 503;
  }
}
