import fc from 'fast-check';
import {
  mutatedBody,
  pathValue,
  queryString,
  RAW_BODIES,
  validValue,
  type Hints,
} from './openapi-arbitraries';
import { operationName, type Operation } from './openapi-operations';
import { FUZZ_REQUEST_TIMEOUT_MS, FUZZ_RUNS, FUZZ_SEED, isSkipped, type SkipEntry } from './fuzz-settings';

/** One generated HTTP request: who sends it, and the bytes. */
export interface FuzzRequest {
  operation: string;
  caller: string;
  method: string;
  /** Path and query, already encoded. */
  url: string;
  contentType?: string;
  body?: string;
  /** What makes it unusual, for reports ("valid", "address.postcode = null", …). */
  variant: string;
}

export interface FuzzAnswer {
  status: number;
  text: string;
}

/** What the suite drives: one party's HTTP API, its tables, and a way to ask whether it still answers. */
export interface HttpFuzzTarget {
  /** Sends as `caller`; rejects when no answer comes within the timeout (or the connection breaks). */
  send(request: FuzzRequest, timeoutMs: number): Promise<FuzzAnswer>;
  /** Row counts of the tables a refused request must not write. */
  rowCounts(): Promise<Record<string, number>>;
  /** True while the process answers its health route. */
  alive(): Promise<boolean>;
  /**
   * Operations that answer 503 by design in this set-up (a feature that is off, named in the answer):
   * 503 is allowed there, and only there; every other 5xx still fails.
   */
  unavailable?: readonly string[];
  /** Called after an answer, e.g. to open a new session when a request signed the caller out. */
  after?(request: FuzzRequest, answer: FuzzAnswer): Promise<void>;
}

export interface FuzzFinding {
  operation: string;
  caller: string;
  variant: string;
  problem: string;
  example: string;
}

export interface FuzzStats {
  requests: number;
  byStatus: Record<string, number>;
  /** Answers by caller and status class, e.g. `auditor 2xx`. */
  byCaller: Record<string, number>;
  findings: FuzzFinding[];
  skipped: FuzzFinding[];
}

export function emptyStats(): FuzzStats {
  return { requests: 0, byStatus: {}, byCaller: {}, findings: [], skipped: [] };
}

/** The requests of one operation, as any of the callers: valid bodies half the time, malformed otherwise. */
export function requestArbitrary(
  operation: Operation,
  callers: string[],
  hints: Hints,
): fc.Arbitrary<FuzzRequest> {
  const path = fc.tuple(...operation.pathParams.map((name) => pathValue(name, hints))).map((values) => {
    let url = operation.path;
    operation.pathParams.forEach((name, index) => (url = url.replace(`{${name}}`, values[index].text)));
    const odd = values.filter((value) => !value.variant.endsWith('valid')).map((value) => value.variant);
    return { url, variant: odd.join(', ') };
  });
  const body: fc.Arbitrary<{ text?: string; variant: string; contentType?: string }> = operation.body
    ? fc.oneof(
        {
          weight: 4,
          arbitrary: validValue(operation.body, hints).map((value) => ({
            text: JSON.stringify(value),
            variant: '',
          })),
        },
        { weight: 4, arbitrary: mutatedBody(operation.body, hints) },
        { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
      )
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({ variant: '' }) },
        { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
      );
  return fc
    .tuple(fc.constantFrom(...callers), path, queryString(operation, hints), body)
    .map(([caller, where, query, payload]) => ({
      operation: operationName(operation),
      caller,
      method: operation.method,
      url: `${where.url}${query.text}`,
      contentType: payload.text === undefined ? undefined : (payload.contentType ?? 'application/json'),
      body: payload.text,
      variant:
        [where.variant, query.text ? query.variant : '', payload.variant].filter(Boolean).join('; ') ||
        'valid',
    }));
}

function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((table) => after[table] !== before[table])
    .map((table) => `${table} ${before[table]}->${after[table]}`);
}

function example(request: FuzzRequest): string {
  const body =
    request.body === undefined ? '' : ` body(${request.body.length})=${request.body.slice(0, 160)}`;
  return `${request.method} ${request.url.slice(0, 200)}${body}`;
}

/**
 * Sends FUZZ_RUNS generated requests of one operation, one at a time, and records every answer that
 * breaks a rule: a 5xx, no answer in time, or a refused request (4xx) that changed a row count.
 */
export async function fuzzOperation(
  target: HttpFuzzTarget,
  operation: Operation,
  callers: string[],
  hints: Hints,
  stats: FuzzStats,
  skips: readonly SkipEntry[] = [],
): Promise<void> {
  const record = (request: FuzzRequest, problem: string): void => {
    const finding = {
      operation: request.operation,
      caller: request.caller,
      variant: request.variant,
      problem,
      example: example(request),
    };
    (isSkipped(skips, finding) ? stats.skipped : stats.findings).push(finding);
  };
  await fc.assert(
    fc.asyncProperty(requestArbitrary(operation, callers, hints), async (request) => {
      const before = await target.rowCounts();
      stats.requests += 1;
      let answer: FuzzAnswer;
      try {
        answer = await target.send(request, FUZZ_REQUEST_TIMEOUT_MS);
      } catch (error) {
        stats.byStatus.none = (stats.byStatus.none ?? 0) + 1;
        record(request, `no answer: ${(error as Error).message}`);
        return true;
      }
      stats.byStatus[answer.status] = (stats.byStatus[answer.status] ?? 0) + 1;
      const kind = `${request.caller} ${String(answer.status).slice(0, 1)}xx`;
      stats.byCaller[kind] = (stats.byCaller[kind] ?? 0) + 1;
      const unavailable = answer.status === 503 && target.unavailable?.includes(request.operation) === true;
      if (answer.status >= 500 && !unavailable)
        record(request, `${answer.status} ${answer.text.slice(0, 200)}`);
      if (answer.status >= 400) {
        const changed = changedTables(before, await target.rowCounts());
        if (changed.length)
          record(request, `refused with ${answer.status} but wrote rows: ${changed.join(', ')}`);
      }
      await target.after?.(request, answer);
      return true;
    }),
    { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
  );
  if (!(await target.alive()))
    stats.findings.push({
      operation: operationName(operation),
      caller: '-',
      variant: '-',
      problem: 'the app stopped answering its health route',
      example: '',
    });
}

/** Findings grouped by what broke, for a readable failure message. */
export function summarise(findings: FuzzFinding[]): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const finding of findings) {
    const key = `${finding.operation} as ${finding.caller} [${finding.variant}] -> ${finding.problem.slice(0, 140)}`;
    const group = groups.get(key) ?? { count: 0, example: finding.example };
    group.count += 1;
    groups.set(key, group);
  }
  return [...groups.entries()].map(([key, group]) => `${group.count}x ${key}\n    e.g. ${group.example}`);
}

/** One line of figures for the log (and for docs/fuzzing.md after a long run). */
export function statsLine(name: string, stats: FuzzStats, startedAt: number): string {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  return `[fuzz] ${name}: runs=${FUZZ_RUNS} seed=${FUZZ_SEED} requests=${stats.requests} in ${seconds}s, statuses ${JSON.stringify(stats.byStatus)}, by caller ${JSON.stringify(stats.byCaller)}, findings ${stats.findings.length}, skipped ${stats.skipped.length}`;
}
