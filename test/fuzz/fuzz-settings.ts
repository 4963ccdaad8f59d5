/**
 * How much the fuzz suite does. FUZZ_RUNS: generated requests per operation (HTTP) or messages per
 * subject (bus); small by default so CI stays quick; `npm run fuzz -- --runs N` for long runs.
 * FUZZ_SEED: replays a run (each suite logs the seed it used).
 */
export const FUZZ_RUNS = positiveInteger(process.env.FUZZ_RUNS, 6);
export const FUZZ_SEED = positiveInteger(process.env.FUZZ_SEED, Date.now() % 2 ** 31);
/** How long one request may take before the suite calls it a hang. */
export const FUZZ_REQUEST_TIMEOUT_MS = positiveInteger(process.env.FUZZ_REQUEST_TIMEOUT_MS, 10_000);

/** Jest's timeout for a fuzz suite's tests: generous per run, so long runs are not cut short. */
export function fuzzTestTimeout(operations: number): number {
  return 60_000 + operations * FUZZ_RUNS * 2_000;
}

function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/**
 * A known failure left for another change to fix, named exactly: the operation and a pattern of the
 * variant or problem. Each entry says why. Kept empty unless a fix has not landed.
 */
export interface SkipEntry {
  operation: string;
  pattern: RegExp;
  why: string;
}

export function isSkipped(
  skips: readonly SkipEntry[],
  finding: { operation: string; variant: string; problem: string },
): boolean {
  return skips.some(
    (skip) =>
      skip.operation === finding.operation &&
      (skip.pattern.test(finding.variant) || skip.pattern.test(finding.problem)),
  );
}
