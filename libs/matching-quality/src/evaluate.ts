import { MATCH_THRESHOLD, preparePerson, scorePrepared } from '@cp/matching';
import { SEARCH_CASE_KINDS, type PoolChild, type SearchCase } from '@cp/synthetic';
import { personFieldsOfChild, personFieldsOfQuery, type SearchHit, type SearchPipeline } from './pipeline';

/** What happened to one search case, with where along the pipeline the target was lost (ids only). */
export interface CaseOutcome {
  caseId: string;
  kind: string;
  errors: string[];
  targetId: string;
  /** The search returned at least one result. */
  answered: boolean;
  /** The top result is the target, strictly ahead of the next (a tie is not a correct answer). */
  top1: boolean;
  /** The target is among the first five results. */
  top5: boolean;
  /** The hub forwarded the query to the target's LA. */
  routed: boolean;
  /** The target's node fetched the target as a candidate by blocking key. */
  candidate: boolean;
  /** The target's score against the query, whether or not it was returned. */
  targetScore: number;
  /** The top result, when it is not the target. */
  topId?: string;
  topScore?: number;
  routedLas: number;
  /** LAs the hub forwarded the query to that do not hold the target. */
  needlessLas: number;
}

export interface Rates {
  label: string;
  n: number;
  /** Fraction of searches that returned nothing. */
  noResult: number;
  /** Among searches that returned something, the fraction whose top result is the target. */
  top1Precision: number;
  /** Fraction of searches with the target in the first five results. */
  top5Recall: number;
  /** Fractions of searches where the target's LA was routed to / the target was a node candidate. */
  routed: number;
  candidate: number;
  /** Mean number of LAs the hub forwarded a search to. */
  meanRoutedLas: number;
  /** Mean number of those that do not hold the target (the criteria sent for nothing). */
  meanNeedlessLas: number;
}

export interface QualitySummary {
  overall: Rates;
  byKind: Rates[];
  /** Two-error cases by the pair of mistakes, and missing-field cases by variant. */
  byErrors: Rates[];
}

export async function evaluateCase(
  federation: SearchPipeline,
  pool: ReadonlyMap<string, PoolChild>,
  searchCase: SearchCase,
): Promise<CaseOutcome> {
  const answer = await federation.search(searchCase.query, searchCase.askingLa);
  const target = pool.get(searchCase.targetId);
  if (!target) throw new Error(`Case ${searchCase.id} names a target not in the pool`);
  const fields = personFieldsOfQuery(searchCase.query);
  const candidate = await federation.isCandidate(target.laCode, searchCase.query, target.id);
  const { hits } = answer;
  const rank = hits.findIndex((hit) => hit.childId === target.id);
  const top: SearchHit | undefined = hits[0];
  const top1 = rank === 0 && (hits.length === 1 || hits[1].score < hits[0].score);
  return {
    caseId: searchCase.id,
    kind: searchCase.kind,
    errors: searchCase.errors,
    targetId: target.id,
    answered: hits.length > 0,
    top1,
    top5: rank >= 0 && rank < 5,
    routed: answer.routedLas.includes(target.laCode) || searchCase.askingLa === target.laCode,
    candidate,
    targetScore: scorePrepared(preparePerson(fields), preparePerson(personFieldsOfChild(target))).score,
    ...(top && !top1 ? { topId: top.childId, topScore: top.score } : {}),
    routedLas: answer.routedLas.length,
    needlessLas: answer.routedLas.filter((laCode) => laCode !== target.laCode).length,
  };
}

function ratesOf(label: string, outcomes: readonly CaseOutcome[]): Rates {
  const n = outcomes.length;
  const count = (test: (outcome: CaseOutcome) => boolean) => outcomes.filter(test).length;
  const answered = count((outcome) => outcome.answered);
  const fraction = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return {
    label,
    n,
    noResult: fraction(n - answered, n),
    top1Precision: fraction(
      count((outcome) => outcome.top1),
      answered,
    ),
    top5Recall: fraction(
      count((outcome) => outcome.top5),
      n,
    ),
    routed: fraction(
      count((outcome) => outcome.routed),
      n,
    ),
    candidate: fraction(
      count((outcome) => outcome.candidate),
      n,
    ),
    meanRoutedLas: fraction(
      outcomes.reduce((sum, outcome) => sum + outcome.routedLas, 0),
      n,
    ),
    meanNeedlessLas: fraction(
      outcomes.reduce((sum, outcome) => sum + outcome.needlessLas, 0),
      n,
    ),
  };
}

function grouped(
  outcomes: readonly CaseOutcome[],
  keyOf: (outcome: CaseOutcome) => string | undefined,
): Rates[] {
  const groups = new Map<string, CaseOutcome[]>();
  for (const outcome of outcomes) {
    const key = keyOf(outcome);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return [...groups].map(([label, members]) => ratesOf(label, members));
}

export function summarise(outcomes: readonly CaseOutcome[]): QualitySummary {
  const order: readonly string[] = SEARCH_CASE_KINDS;
  const byKind = grouped(outcomes, (outcome) => outcome.kind).sort(
    (a, b) => order.indexOf(a.label) - order.indexOf(b.label),
  );
  const byErrors = grouped(outcomes, (outcome) =>
    outcome.kind === 'two-errors' || outcome.kind === 'missing-fields'
      ? `${outcome.kind}: ${outcome.errors.join(' + ')}`
      : undefined,
  ).sort((a, b) => a.label.localeCompare(b.label));
  return { overall: ratesOf('overall', outcomes), byKind, byErrors };
}

/** Where a failing case lost its target, for diagnosis (ids and scores only). */
export function failureStage(outcome: CaseOutcome): string | undefined {
  if (outcome.top1 && outcome.top5) return undefined;
  if (!outcome.routed) return 'not routed';
  if (!outcome.candidate) return 'not a candidate';
  if (outcome.targetScore < MATCH_THRESHOLD) return 'below threshold';
  if (!outcome.top5) return 'ranked below 5';
  return 'not first';
}
