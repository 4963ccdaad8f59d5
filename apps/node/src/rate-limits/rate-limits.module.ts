import { Global, Module } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UnauthenticatedError } from '@cp/errors';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { Actor } from '../access/roles';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';
import { rateLimitKey, rateLimitOf, USER_RATE_LIMITS, type UserRateLimitName } from './user-rate-limits';

/**
 * Per-user rate limits (anti-trawl) with @nestjs/throttler: one named throttler per limited action, each
 * applied only on the routes marked @RateLimit(<its name>), counted per user id in PostgreSQL.
 */
export function userRateLimitOptions(settings: NodeSettings, dataSource: DataSource): ThrottlerModuleOptions {
  const names = Object.keys(USER_RATE_LIMITS) as UserRateLimitName[];
  return {
    throttlers: names.map((name) => ({
      name,
      ttl: settings.RATE_LIMIT_WINDOW_SECONDS * 1000,
      limit: settings[USER_RATE_LIMITS[name]],
      skipIf: (context) => rateLimitOf(context) !== name,
    })),
    storage: new PostgresThrottlerStorage(dataSource),
    setHeaders: false,
    getTracker: (request: Record<string, unknown>) => {
      const actor = request.actor as Actor | undefined;
      if (!actor) throw new UnauthenticatedError('Sign in first');
      return actor.userId;
    },
    generateKey: (_context, tracker, name) => rateLimitKey(name, tracker),
  };
}

/** Global: the guard of @RateLimit is built in each controller's module and needs the throttler's options. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [NODE_SETTINGS, getDataSourceToken()],
      useFactory: userRateLimitOptions,
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitsModule {}
