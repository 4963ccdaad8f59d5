import type { ExecutionContext } from '@nestjs/common';
import type { NodeSettings } from '../config/node-settings';

/** The actions limited per signed-in user (anti-trawl), each with the setting holding its size. */
export const USER_RATE_LIMITS = {
  search: 'SEARCH_RATE_LIMIT',
  'cross-boundary-search': 'CROSS_BOUNDARY_SEARCH_RATE_LIMIT',
  'record-view': 'RECORD_VIEW_RATE_LIMIT',
} as const satisfies Record<string, keyof NodeSettings>;
export type UserRateLimitName = keyof typeof USER_RATE_LIMITS;

export const RATE_LIMIT_KEY = 'cp:rate-limit';

/** The limit a route declared with @RateLimit, if any. */
export function rateLimitOf(context: ExecutionContext): UserRateLimitName | undefined {
  return (
    (Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) as UserRateLimitName | undefined) ??
    (Reflect.getMetadata(RATE_LIMIT_KEY, context.getClass()) as UserRateLimitName | undefined)
  );
}

/** A counter's key: the limit and the user's id (a uuid), never a name or an address. */
export function rateLimitKey(name: string, userId: string): string {
  return `${name}:${userId}`;
}

/** The limit's name back from a counter's key. */
export function rateLimitNameOfKey(key: string): string {
  return key.slice(0, key.indexOf(':'));
}
