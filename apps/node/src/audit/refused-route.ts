import type { ExecutionContext } from '@nestjs/common';
import { ACCESS_REASONS, type AccessReason } from '@cp/record-model';
import type { RefusedRoute } from './refusals.service';

interface RoutedRequest {
  method: string;
  query?: Record<string, unknown>;
  routeOptions?: { url?: string };
  params?: Record<string, string | undefined>;
}

/** The handler, method and route pattern of a request (the pattern, not the URL: a query may hold names). */
export function refusedRouteOf(context: ExecutionContext): RefusedRoute {
  const request = context.switchToHttp().getRequest<RoutedRequest>();
  return {
    route: `${context.getClass().name}.${context.getHandler().name}`,
    method: request.method,
    path: request.routeOptions?.url ?? 'unknown',
  };
}

/**
 * The child a refused request aimed at, when its route names one: a `childId` parameter, or the `id` of a
 * route under /children or /records. Lets "who has tried to look at this child" include refused attempts.
 */
export function targetsOf(context: ExecutionContext): {
  childId?: string;
  targetId?: string;
  accessReason?: AccessReason;
} {
  const request = context.switchToHttp().getRequest<RoutedRequest>();
  const stated = request.query?.reason;
  const accessReason = (ACCESS_REASONS as readonly unknown[]).includes(stated)
    ? (stated as AccessReason)
    : undefined;
  return { ...idTargetsOf(request), ...(accessReason ? { accessReason } : {}) };
}

function idTargetsOf(request: RoutedRequest): { childId?: string; targetId?: string } {
  const params = request.params ?? {};
  const path = request.routeOptions?.url ?? '';
  if (params.childId) return { childId: params.childId };
  if (params.id && /\/(children|records)\/:id(\/|$)/.test(path)) return { childId: params.id };
  return params.id ? { targetId: params.id } : {};
}
