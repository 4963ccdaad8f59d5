import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { RateLimitedError } from '@cp/errors';
import { RefusalsService } from '../audit/refusals.service';
import { refusedRouteOf, targetsOf } from '../audit/refused-route';
import type { Actor } from '../access/roles';
import { rateLimitNameOfKey } from './user-rate-limits';

/**
 * @nestjs/throttler's guard, per signed-in user (the tracker is the AccessGuard's actor, not the address):
 * runs after the AccessGuard on the routes marked @RateLimit. A limit reached is audited as
 * 'access.refused' (reason 'rate-limited', in its own transaction) and answered 429 with Retry-After and
 * the limit named in the body.
 */
@Injectable()
export class UserRateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(RefusalsService) private readonly refusals: RefusalsService,
  ) {
    super(options, storage, reflector);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
    const name = rateLimitNameOfKey(detail.key);
    if (actor) {
      await this.refusals.record({
        actor,
        reason: 'rate-limited',
        where: refusedRouteOf(context),
        ...targetsOf(context),
      });
    }
    const windowSeconds = Math.round(detail.ttl / 1000);
    throw new RateLimitedError(
      `Rate limit "${name}" reached: ${detail.limit} per ${windowSeconds} s; try again in ${detail.timeToBlockExpire} s`,
      { name, limit: detail.limit, windowSeconds, retryAfterSeconds: detail.timeToBlockExpire },
    );
  }
}
