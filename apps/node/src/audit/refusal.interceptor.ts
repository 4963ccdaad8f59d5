import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { DomainError } from '@cp/errors';
import type { Actor } from '../access/roles';
import { RefusalsService, type RefusalReason } from './refusals.service';
import { refusedRouteOf, targetsOf } from './refused-route';

/**
 * Audits refusals decided inside services (a practitioner ending another's involvement, a guessed record id):
 * a ForbiddenError or NotFoundError reaching the HTTP layer from a signed-in caller's request becomes an
 * 'access.refused' entry, then goes on to the error filter unchanged. The AccessGuard audits its own refusals.
 */
@Injectable()
export class RefusalInterceptor implements NestInterceptor {
  constructor(private readonly refusals: RefusalsService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const reason = refusalReasonOf(error);
        const actor = context.switchToHttp().getRequest<{ actor?: Actor }>().actor;
        if (!reason || !actor) return throwError(() => error);
        return from(
          this.refusals.record({ actor, reason, where: refusedRouteOf(context), ...targetsOf(context) }),
        ).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}

function refusalReasonOf(error: unknown): RefusalReason | null {
  if (!(error instanceof DomainError)) return null;
  switch (error.kind) {
    case 'forbidden':
      return 'forbidden';
    case 'not-found':
      return 'not-found';
    default:
      return null;
  }
}
