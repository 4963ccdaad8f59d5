import type { PoolChild, SearchCase, SearchQuery } from '@cp/synthetic';
import { evaluateCase, failureStage, summarise } from './evaluate';
import { mergeHits, type FederatedAnswer, type SearchPipeline } from './pipeline';
import { failureLines, ratesTable } from './report';
import { meetsTargets, runMatchingQuality, TARGETS, type LoadedPipeline } from './run';

const BIRMINGHAM = 'E08000025';
const KENT = 'E10000016';
const WESTMINSTER = 'E09000033';

function child(id: string, laCode: string, fields: Partial<PoolChild['record']> = {}): PoolChild {
  return {
    id,
    laCode,
    record: {
      givenName: 'Olivia',
      familyName: 'Thompson',
      dateOfBirth: '2015-03-04',
      gender: 'female',
      address: { line1: '1 Mill Lane', town: 'Birmingham', postcode: 'B11 2AB' },
      ...fields,
    },
  };
}

function searchCase(query: SearchQuery, target: PoolChild, askingLa = KENT): SearchCase {
  return {
    id: 'case-0001',
    kind: 'exact',
    errors: [],
    query,
    targetId: target.id,
    targetLa: target.laCode,
    askingLa,
  };
}

/** A pipeline that answers what it is told: the fake stands in for the real path (bench/lib/matching-path.ts). */
function fixed(answer: FederatedAnswer, candidate = true): SearchPipeline {
  return { search: () => Promise.resolve(answer), isCandidate: () => Promise.resolve(candidate) };
}

describe('evaluating a case', () => {
  const target = child('B-1', BIRMINGHAM);
  const twin = child('B-2', BIRMINGHAM, { givenName: 'Amelia' });
  const pool = new Map([target, twin].map((member) => [member.id, member]));
  const query = { givenName: 'Olivia', familyName: 'Thompson', dateOfBirth: '2015-03-04' };

  it('counts a tie at the top as a wrong first answer but a right top five, and the LAs asked for nothing', async () => {
    const outcome = await evaluateCase(
      fixed({
        hits: mergeHits([
          { childId: 'B-2', laCode: BIRMINGHAM, score: 0.9 },
          { childId: 'B-1', laCode: BIRMINGHAM, score: 0.9 },
        ]),
        routedLas: [BIRMINGHAM, WESTMINSTER],
        refused: false,
      }),
      pool,
      searchCase(query, target),
    );
    expect(outcome).toMatchObject({
      answered: true,
      top1: false,
      top5: true,
      routed: true,
      routedLas: 2,
      needlessLas: 1,
    });
    expect(failureStage(outcome)).toBe('not first');
  });

  it('says where a target was lost, and summarises precision over answered searches only', async () => {
    const lost = await evaluateCase(
      fixed({ hits: [], routedLas: [], refused: false }),
      pool,
      searchCase(query, target),
    );
    expect(lost).toMatchObject({ answered: false, top1: false, top5: false, routed: false });
    expect(failureStage(lost)).toBe('not routed');
    const notCandidate = await evaluateCase(
      fixed({ hits: [], routedLas: [BIRMINGHAM], refused: false }, false),
      pool,
      searchCase(query, target),
    );
    expect(failureStage(notCandidate)).toBe('not a candidate');
    const found = await evaluateCase(
      fixed({
        hits: [{ childId: 'B-1', laCode: BIRMINGHAM, score: 1 }],
        routedLas: [BIRMINGHAM],
        refused: false,
      }),
      pool,
      searchCase(query, target),
    );
    expect(found).toMatchObject({ answered: true, top1: true, top5: true, needlessLas: 0 });
    expect(failureStage(found)).toBeUndefined();
    const summary = summarise([lost, found]);
    expect(summary.overall).toMatchObject({
      n: 2,
      noResult: 0.5,
      top1Precision: 1,
      top5Recall: 0.5,
      meanNeedlessLas: 0,
    });
    expect(meetsTargets(summary)).toBe(false);
    expect(ratesTable('kind', [summary.overall])).toMatch(/not holding/);
    expect(failureLines([lost, found], 3)).toEqual([
      expect.stringMatching(/^case-0001 exact \[\] target B-1: not routed/),
    ]);
  });

  it('holds every kind to the recall target, not only the average', () => {
    const rates = (label: string, top5Recall: number) => ({
      label,
      n: 100,
      noResult: 0,
      top1Precision: 1,
      top5Recall,
      routed: 1,
      candidate: 1,
      meanRoutedLas: 1,
      meanNeedlessLas: 0,
    });
    const overall = rates('overall', 0.99);
    expect(
      meetsTargets({ overall, byKind: [rates('exact', 1), rates('dob-digit-typo', 0.94)], byErrors: [] }),
    ).toBe(false);
    expect(
      meetsTargets({
        overall,
        byKind: [rates('exact', 1), rates('dob-digit-typo', TARGETS.top5Recall)],
        byErrors: [],
      }),
    ).toBe(true);
  });
});

describe('a run', () => {
  it('loads the pool into the pipeline once, runs every case through it and lets it go', async () => {
    const loaded: number[] = [];
    let closed = false;
    const run = await runMatchingQuality(
      (pool): Promise<LoadedPipeline> => {
        loaded.push(pool.length);
        return Promise.resolve({
          tokensPerEntry: { mean: 1, most: 1 },
          search: () => Promise.resolve({ hits: [], routedLas: [], refused: false }),
          isCandidate: () => Promise.resolve(false),
          close: () => Promise.resolve(void (closed = true)),
        });
      },
      { childrenPerLa: 20, casesPerKind: 2 },
    );
    expect(loaded).toEqual([run.poolSize]);
    expect(closed).toBe(true);
    expect(run.outcomes.length).toBe(run.summary.byKind.length * 2);
    expect(run.summary.byKind.map((rates) => rates.label)).toEqual(
      expect.arrayContaining(['typo-both-names', 'dob-digit-typo']),
    );
  });
});
