import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { UserRateLimitGuard } from './user-rate-limit.guard';
import { RATE_LIMIT_KEY, type UserRateLimitName } from './user-rate-limits';

/** Limits a route per signed-in user (the limit's size is a setting; see USER_RATE_LIMITS). */
export const RateLimit = (name: UserRateLimitName) =>
  applyDecorators(SetMetadata(RATE_LIMIT_KEY, name), UseGuards(UserRateLimitGuard));
