import { searchCaseSet, type SearchCaseOptions } from '@cp/synthetic';
import { evaluateCase, summarise, type CaseOutcome, type QualitySummary } from './evaluate';
import { SimulatedFederation } from './simulated-federation';

/** Targets on the default case set (issue 5, item 6). */
export const TARGETS = { top5Recall: 0.98, top1Precision: 0.98 } as const;

export interface QualityRun {
  options: SearchCaseOptions;
  poolSize: number;
  nearMisses: number;
  /** Mean and most locator tokens per hub index entry. */
  tokensPerEntry: { mean: number; most: number };
  summary: QualitySummary;
  outcomes: CaseOutcome[];
  /** Milliseconds spent generating the pool and cases, indexing them, and running the searches. */
  timings: { generate: number; index: number; search: number };
}

/** Generates the case set for these options, runs every case through the simulated federation, and scores it. */
export function runMatchingQuality(overrides: Partial<SearchCaseOptions> = {}): QualityRun {
  const started = performance.now();
  const { options, pool, cases } = searchCaseSet(overrides);
  const generated = performance.now();
  const federation = new SimulatedFederation(pool);
  const byId = new Map(pool.map((child) => [child.id, child]));
  const indexed = performance.now();
  const outcomes = cases.map((searchCase) => evaluateCase(federation, byId, searchCase));
  const searched = performance.now();
  return {
    options,
    poolSize: pool.length,
    nearMisses: pool.filter((child) => child.nearMissOf !== undefined).length,
    tokensPerEntry: {
      mean: federation.hub.tokensStored / federation.hub.entryCount,
      most: federation.hub.mostTokensPerEntry,
    },
    summary: summarise(outcomes),
    outcomes,
    timings: { generate: generated - started, index: indexed - generated, search: searched - indexed },
  };
}

export function meetsTargets(summary: QualitySummary): boolean {
  return (
    summary.overall.top5Recall >= TARGETS.top5Recall && summary.overall.top1Precision >= TARGETS.top1Precision
  );
}
