import { DomainError, httpStatusOf, type DomainErrorKind, type FieldProblem } from './domain-errors';

/** The shape of an error carried in a federation reply. */
export interface RpcErrorBody {
  kind: DomainErrorKind | 'internal';
  status: number;
  message: string;
  problems?: FieldProblem[];
}

/** The one place RPC errors are shaped: domain errors keep kind and message; others reveal nothing. */
export function toRpcError(error: unknown): RpcErrorBody {
  if (error instanceof DomainError) {
    return {
      kind: error.kind,
      status: httpStatusOf(error.kind),
      message: error.message,
      problems: error.problems,
    };
  }
  return { kind: 'internal', status: 500, message: 'Internal error' };
}
