import { performance } from 'node:perf_hooks';
import type { CreateChildRecordInput } from '@cp/record-model';
import { childrenFor } from '@cp/synthetic';
import type { DemoSecrets } from '../deploy/demo/demo-state';
import { storedCredentials, totpCode } from '../deploy/demo/demo-users';
import { summarise, type LatencySummary } from './lib/stats';

/** One LA node of the running demo, as bench:soak drives it. */
export interface SoakLa {
  code: string;
  name: string;
  url: string;
  /** Tokens of its demo practitioner and data manager. */
  practitioner: string;
  dataManager: string;
  /** Ids of records it holds (found by local searches at the start), for reads. */
  recordIds: string[];
  /** NHS numbers of its synthetic children, for searches. */
  nhsNumbers: string[];
}

/** An answer other than 2xx: counted as an error under its kind and status. */
export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`answered ${status}`);
  }
}

const REQUEST_TIMEOUT_MS = 30_000;

/** One call to a node's API; rejects with HttpError on a non-2xx answer. */
export async function call<T>(
  url: string,
  path: string,
  options: { token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new HttpError(response.status);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Signs a demo user in with its password and the current TOTP code (or the next, if this one was spent). */
export async function signIn(url: string, username: string, secrets: DemoSecrets): Promise<string> {
  const credentials = storedCredentials(secrets, username);
  if (!credentials)
    throw new Error(`No demo user ${username} in .demo/secrets.json: start the demo first (npm run demo)`);
  for (const offset of [0, 1]) {
    const body = { username, password: credentials.password, code: totpCode(credentials.totpSecret, offset) };
    try {
      return (await call<{ accessToken: string }>(url, '/auth/sign-in', { body })).accessToken;
    } catch (error) {
      if (!(error instanceof HttpError) || offset === 1) throw error;
    }
  }
  throw new Error(`${username} could not sign in`);
}

/** Latencies and errors of each kind of operation. */
export class Recorder {
  private readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  requests = 0;

  /** Times one operation; an error is counted (by kind and status or cause) and not thrown. */
  async time<T>(kind: string, operation: () => Promise<T>): Promise<T | undefined> {
    const begin = performance.now();
    this.requests += 1;
    try {
      const result = await operation();
      this.add(kind, performance.now() - begin);
      return result;
    } catch (error) {
      this.fail(kind, describeError(error));
      return undefined;
    }
  }

  add(kind: string, ms: number): void {
    const list = this.latencies.get(kind) ?? [];
    list.push(ms);
    this.latencies.set(kind, list);
  }

  fail(kind: string, why: string): void {
    const key = `${kind}: ${why}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  errorsOf(kind: string): number {
    let count = 0;
    for (const [key, value] of this.errors) if (key.startsWith(`${kind}: `)) count += value;
    return count;
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((sum, value) => sum + value, 0);
  }

  summaries(wallMs: number): [string, LatencySummary][] {
    return [...this.latencies.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kind, values]) => [kind, summarise(values, wallMs)]);
  }
}

function describeError(error: unknown): string {
  if (error instanceof HttpError) return `HTTP ${error.status}`;
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    return cause?.code ?? error.name;
  }
  return 'unknown';
}

const READ_REASON = 'providing-a-service';

/**
 * The operations of the mix. Each picks its LAs from a counter so the load spreads evenly; none is
 * retried, so every error is counted once.
 */
export class SoakOperations {
  private turn = 0;
  private readonly fresh = new Map<string, CreateChildRecordInput[]>();
  private batch = 0;

  constructor(
    private readonly las: SoakLa[],
    private readonly recorder: Recorder,
    private readonly runSeed: number,
    private readonly today: string,
    private readonly handoverTimeoutMs: number,
  ) {}

  private next(): { la: SoakLa; other: SoakLa; index: number } {
    const index = this.turn++;
    const la = this.las[index % this.las.length];
    const other = this.las[(index + 1 + (Math.floor(index / 3) % 2)) % this.las.length];
    return { la, other, index };
  }

  async localSearch(): Promise<void> {
    const { la, index } = this.next();
    const nhsNumber = la.nhsNumbers[index % la.nhsNumbers.length];
    const query = new URLSearchParams({ reason: READ_REASON, nhsNumber });
    await this.recorder.time('search-local', () =>
      call(la.url, `/search?${query.toString()}`, { token: la.practitioner }),
    );
  }

  /** A practitioner at one LA looks up a child another LA holds, by NHS number (through the hub). */
  async crossSearch(): Promise<void> {
    const { la, other, index } = this.next();
    const nhsNumber = other.nhsNumbers[index % other.nhsNumbers.length];
    await this.recorder.time('search-cross', () =>
      call(la.url, '/federation/search', {
        token: la.practitioner,
        body: { reason: READ_REASON, nhsNumber },
      }),
    );
  }

  async readRecord(): Promise<void> {
    const { la, index } = this.next();
    const id = la.recordIds[index % la.recordIds.length];
    await this.recorder.time('record-read', () =>
      call(la.url, `/children/${id}?reason=${READ_REASON}`, { token: la.practitioner }),
    );
  }

  /** A data manager creates a record of a new synthetic child (a seed of this run, so no duplicates). */
  async create(la = this.next().la): Promise<string | undefined> {
    const child = this.freshChild(la);
    const created = await this.recorder.time('record-create', () =>
      call<{ id: string }>(la.url, '/children', { token: la.dataManager, body: child }),
    );
    return created?.id;
  }

  /**
   * A whole handover: a new record at A, A's data manager hands it to B, B's accepts once asked, and it is
   * complete when B holds it. Timed per step, and end to end ('handover-complete').
   */
  async handover(): Promise<void> {
    const { la: from, other: to } = this.next();
    const childId = await this.create(from);
    if (!childId) return;
    const begin = performance.now();
    const started = await this.recorder.time('handover-start', () =>
      call<{ id: string }>(from.url, '/handovers', {
        token: from.dataManager,
        body: { childId, toLaCode: to.code, reasonCode: 'family-moved' },
      }),
    );
    if (!started) return;
    const asked = await this.waitForStep(to, started.id, ['awaiting-answer'], begin);
    if (!asked) return;
    const accepted = await this.recorder.time('handover-accept', () =>
      call(to.url, `/handovers/${started.id}/accept`, { token: to.dataManager, method: 'POST' }),
    );
    if (accepted === undefined) return;
    if (await this.waitForStep(to, started.id, ['completed'], begin))
      this.recorder.add('handover-complete', performance.now() - begin);
  }

  /** Polls B's list of handovers (each poll counted as 'handover-list') until one reaches a step. */
  private async waitForStep(la: SoakLa, id: string, steps: string[], begin: number): Promise<boolean> {
    for (;;) {
      const list = await this.recorder.time('handover-list', () =>
        call<{ id: string; step: string }[]>(la.url, '/handovers', { token: la.dataManager }),
      );
      const step = list?.find((handover) => handover.id === id)?.step;
      if (step && steps.includes(step)) return true;
      if (step === 'ended') {
        this.recorder.fail('handover-complete', 'ended');
        return false;
      }
      if (performance.now() - begin > this.handoverTimeoutMs) {
        this.recorder.fail('handover-complete', `not ${steps.join('/')} within ${this.handoverTimeoutMs} ms`);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private freshChild(la: SoakLa): CreateChildRecordInput {
    let queue = this.fresh.get(la.code);
    if (!queue?.length) {
      this.batch += 1;
      queue = childrenFor(la.code, 100, this.runSeed + this.batch, this.today);
      this.fresh.set(la.code, queue);
    }
    return queue.pop()!;
  }
}

/** The mix, in shares of 100: mostly searches and reads, some writes, a few whole handovers. */
export const MIX: {
  kind: 'crossSearch' | 'localSearch' | 'readRecord' | 'create' | 'handover';
  share: number;
}[] = [
  { kind: 'crossSearch', share: 30 },
  { kind: 'localSearch', share: 25 },
  { kind: 'readRecord', share: 30 },
  { kind: 'create', share: 10 },
  { kind: 'handover', share: 5 },
];

/** The operation for the i-th turn: a fixed interleaving of the mix, the same on every run. */
export function operationAt(index: number): (typeof MIX)[number]['kind'] {
  const slot = (index * 37) % 100;
  let upTo = 0;
  for (const entry of MIX) {
    upTo += entry.share;
    if (slot < upTo) return entry.kind;
  }
  return MIX[0].kind;
}
