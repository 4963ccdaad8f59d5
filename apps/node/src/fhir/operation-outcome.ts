import { HttpException } from '@nestjs/common';
import { DomainError, fromDatabaseError, httpStatusOf, type DomainErrorKind } from '@cp/errors';
import type { OperationOutcome, OperationOutcomeIssue } from './fhir-types';

/** The FHIR issue type of each kind of domain error (http://hl7.org/fhir/issue-type). */
const ISSUE_CODES: Record<DomainErrorKind, string> = {
  'invalid-input': 'invalid',
  unauthenticated: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  conflict: 'conflict',
  'too-many-requests': 'throttled',
  unavailable: 'transient',
};

/** Framework errors that reach the FHIR routes (an unknown path, a refused body type...). */
function issueCodeOfStatus(status: number): string {
  if (status === 404) return 'not-found';
  if (status === 405) return 'not-supported';
  if (status === 413) return 'too-costly';
  if (status === 415) return 'not-supported';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'exception';
  return 'invalid';
}

export function operationOutcome(issue: OperationOutcomeIssue[]): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue };
}

/** A FHIRPath-ish expression for a problem's field: a query parameter as is, a body path after its type. */
function expressionOf(field: string): string[] {
  return field === '' ? [] : [field];
}

/**
 * Any error thrown on a FHIR route as an HTTP status and an OperationOutcome: one issue per problem, each
 * naming the parameter (or the place in the body) and the rule. Nothing but ids, names of fields and rules:
 * an unexpected error says only that it happened (500, logged by the caller with the request id).
 */
export function outcomeOf(error: unknown): { status: number; outcome: OperationOutcome; expected: boolean } {
  const domain = error instanceof DomainError ? error : fromDatabaseError(error);
  if (domain) {
    const code = ISSUE_CODES[domain.kind];
    const issues: OperationOutcomeIssue[] =
      domain.problems.length > 0
        ? domain.problems.map((problem) => ({
            severity: 'error',
            code: problem.rule === 'required' ? 'required' : code,
            diagnostics: problem.message,
            ...(expressionOf(problem.field).length ? { expression: expressionOf(problem.field) } : {}),
          }))
        : [{ severity: 'error', code, diagnostics: domain.message }];
    return { status: httpStatusOf(domain.kind), outcome: operationOutcome(issues), expected: true };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      status,
      outcome: operationOutcome([
        { severity: 'error', code: issueCodeOfStatus(status), diagnostics: error.message },
      ]),
      expected: true,
    };
  }
  return {
    status: 500,
    outcome: operationOutcome([{ severity: 'fatal', code: 'exception', diagnostics: 'Internal error' }]),
    expected: false,
  };
}
