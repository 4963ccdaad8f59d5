import { searchCaseSet, type PoolChild, type SearchCaseOptions } from '@cp/synthetic';
import { evaluateCase, summarise, type CaseOutcome, type QualitySummary } from './evaluate';
import type { SearchPipeline } from './pipeline';

/**
 * Targets on the default and held-out case sets (issue 14): top-5 recall for EVERY kind of mistake, and
 * top-1 precision overall.
 */
export const TARGETS = { top5Recall: 0.95, top1Precision: 0.99 } as const;

/** A pipeline loaded with a pool: its tokens per hub entry, and how to let it go. */
export interface LoadedPipeline extends SearchPipeline {
  tokensPerEntry: { mean: number; most: number };
  close(): Promise<void>;
}

export interface QualityRun {
  options: SearchCaseOptions;
  poolSize: number;
  nearMisses: number;
  /** Mean and most locator tokens per hub index entry. */
  tokensPerEntry: { mean: number; most: number };
  summary: QualitySummary;
  outcomes: CaseOutcome[];
  /** Milliseconds spent generating the pool and cases, loading them, and running the searches. */
  timings: { generate: number; index: number; search: number };
}

/**
 * Generates the case set for these options, loads its pool into a pipeline (`load`), runs every case
 * through it and scores it.
 */
export async function runMatchingQuality(
  load: (pool: readonly PoolChild[], laCodes: readonly string[]) => Promise<LoadedPipeline>,
  overrides: Partial<SearchCaseOptions> = {},
): Promise<QualityRun> {
  const started = performance.now();
  const { options, pool, cases } = searchCaseSet(overrides);
  const generated = performance.now();
  const pipeline = await load(pool, options.laCodes);
  try {
    const byId = new Map(pool.map((child) => [child.id, child]));
    const indexed = performance.now();
    const outcomes: CaseOutcome[] = [];
    for (const searchCase of cases) outcomes.push(await evaluateCase(pipeline, byId, searchCase));
    const searched = performance.now();
    return {
      options,
      poolSize: pool.length,
      nearMisses: pool.filter((child) => child.nearMissOf !== undefined).length,
      tokensPerEntry: pipeline.tokensPerEntry,
      summary: summarise(outcomes),
      outcomes,
      timings: { generate: generated - started, index: indexed - generated, search: searched - indexed },
    };
  } finally {
    await pipeline.close();
  }
}

/** Every kind's top-5 recall and the overall top-1 precision at or above the targets. */
export function meetsTargets(summary: QualitySummary): boolean {
  return (
    summary.byKind.every((rates) => rates.top5Recall >= TARGETS.top5Recall) &&
    summary.overall.top1Precision >= TARGETS.top1Precision
  );
}
