import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import { DomainError } from '@cp/errors';
import { tap, type Observable } from 'rxjs';
import { CrossBoundarySearchController } from '../cross-boundary-search/cross-boundary-search.controller';
import type { CrossBoundarySearchResponse } from '../cross-boundary-search/search-requester.service';
import { SearchController } from '../search/search.controller';
import { NodeMetrics, type SearchResultLabel, type SearchScope } from './node-metrics';

/** The API's search handlers and what they search: typed by class and method, so a rename fails to compile. */
const SEARCH_HANDLERS: { controller: Type; method: string; scope: SearchScope }[] = [
  { controller: SearchController, method: 'search' satisfies keyof SearchController, scope: 'local' },
  {
    controller: CrossBoundarySearchController,
    method: 'search' satisfies keyof CrossBoundarySearchController,
    scope: 'cross-boundary',
  },
];

function scopeOf(context: ExecutionContext): SearchScope | undefined {
  if (context.getType() !== 'http') return undefined;
  const controller = context.getClass();
  const method = context.getHandler().name;
  return SEARCH_HANDLERS.find((entry) => entry.controller === controller && entry.method === method)?.scope;
}

function resultOfError(error: unknown): SearchResultLabel {
  if (!(error instanceof DomainError)) return 'failed';
  return error.kind === 'unavailable' ? 'unavailable' : 'refused';
}

/**
 * Counts and times the API's searches without touching the search code: a global interceptor that looks
 * only at which handler ran, how long it took, how it ended and, for a cross-boundary search, the
 * `federation` part of its answer (LA codes and reason codes). Guards run first: a refused caller is not a search.
 */
@Injectable()
export class SearchMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: NodeMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = scopeOf(context);
    if (!scope) return next.handle();
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    return next.handle().pipe(
      tap({
        next: (value) => {
          if (scope === 'local') return this.metrics.observeSearch(scope, seconds(), 'completed');
          const { federation } = value as CrossBoundarySearchResponse;
          this.metrics.observeSearch(
            scope,
            seconds(),
            federation.reached ? 'completed' : 'hub-unreached',
            federation,
          );
        },
        error: (error: unknown) => this.metrics.observeSearch(scope, seconds(), resultOfError(error)),
      }),
    );
  }
}
