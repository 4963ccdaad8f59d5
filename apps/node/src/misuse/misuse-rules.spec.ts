import fc from 'fast-check';
import {
  accessOutsideWorkingHours,
  isWithinWorkingHours,
  rateLimitedUsers,
  searchesWithoutFollowUp,
  sharedSurnameViews,
  shieldedRecordViews,
  unusualViewCounts,
  type ReviewPolicy,
  type ReviewRow,
} from './misuse-rules';

const policy: ReviewPolicy = {
  viewsPerDayThreshold: 3,
  workingHoursStart: 8,
  workingHoursEnd: 18,
  timeZone: 'Europe/London',
  searchFollowUpMinutes: 30,
};

let sequence = 0;
function row(partial: Partial<ReviewRow> & { at: string }): ReviewRow {
  sequence += 1;
  return {
    sequence,
    actorId: 'user-a',
    actorRole: 'practitioner',
    action: 'record.view',
    outcome: 'allowed',
    occurredAt: new Date(partial.at),
    childId: 'child-1',
    disclosedChildIds: [],
    detail: {},
    ...partial,
  };
}

describe('misuse rules', () => {
  it('flags more views in a local day than the threshold, per user', () => {
    const rows = [
      ...[9, 10, 11, 12].map((hour) =>
        row({ at: `2026-06-01T${String(hour).padStart(2, '0')}:00:00Z`, childId: `c${hour}` }),
      ),
      ...[9, 10, 11].map((hour) =>
        row({ at: `2026-06-01T${String(hour).padStart(2, '0')}:00:00Z`, actorId: 'user-b' }),
      ),
    ];
    const flags = unusualViewCounts(rows, policy);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'views-per-day', userId: 'user-a', day: '2026-06-01', count: 4 });
    expect(flags[0].childIds).toEqual(['c9', 'c10', 'c11', 'c12']);
  });

  it('counts days in the LA timezone: 23:30 UTC in summer is the next day in London', () => {
    const rows = [1, 2, 3, 4].map(() => row({ at: '2026-06-01T23:30:00Z' }));
    expect(unusualViewCounts(rows, policy)[0].day).toBe('2026-06-02');
  });

  it('judges working hours in local time across daylight saving', () => {
    expect(isWithinWorkingHours(new Date('2026-01-15T07:30:00Z'), policy)).toBe(false); // 07:30 GMT
    expect(isWithinWorkingHours(new Date('2026-07-15T07:30:00Z'), policy)).toBe(true); // 08:30 BST
    expect(isWithinWorkingHours(new Date('2026-07-15T17:30:00Z'), policy)).toBe(false); // 18:30 BST
  });

  it('flags record access outside working hours, not sign-ins, system actions or refusals', () => {
    const flags = accessOutsideWorkingHours(
      [
        row({ at: '2026-01-15T22:00:00Z' }),
        row({ at: '2026-01-15T22:05:00Z', action: 'auth.sign-in', childId: null }),
        row({ at: '2026-01-15T22:10:00Z', actorRole: 'system', actorId: 'system' }),
        row({ at: '2026-01-15T22:15:00Z', outcome: 'refused' }),
        row({ at: '2026-01-15T12:00:00Z' }),
      ],
      policy,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'outside-working-hours', userId: 'user-a', count: 1 });
  });

  it('flags every view of a shielded record, whoever made it', () => {
    const flags = shieldedRecordViews([
      row({ at: '2026-01-15T10:00:00Z', detail: { shielded: true }, actorRole: 'shielding-officer' }),
      row({ at: '2026-01-15T10:00:00Z', detail: { shielded: false } }),
    ]);
    expect(flags.map((flag) => [flag.userId, flag.count])).toEqual([['user-a', 1]]);
  });

  it('flags a search that disclosed records with no view or involvement by the same user in the window', () => {
    const periodEnd = new Date('2026-01-16T00:00:00Z');
    const followed = row({
      at: '2026-01-15T10:00:00Z',
      action: 'record.search',
      childId: null,
      disclosedChildIds: ['c1'],
    });
    const view = row({ at: '2026-01-15T10:10:00Z' });
    const lonely = row({
      at: '2026-01-15T11:00:00Z',
      action: 'record.search',
      childId: null,
      disclosedChildIds: ['c2'],
    });
    const lateView = row({ at: '2026-01-15T11:45:00Z' });
    const otherUsersView = row({ at: '2026-01-15T11:05:00Z', actorId: 'user-b' });
    const empty = row({
      at: '2026-01-15T12:00:00Z',
      action: 'record.search',
      childId: null,
      disclosedChildIds: [],
    });
    const flags = searchesWithoutFollowUp(
      [followed, view, lonely, otherUsersView, lateView, empty],
      policy,
      periodEnd,
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      rule: 'search-without-follow-up',
      userId: 'user-a',
      sequences: [lonely.sequence],
    });
  });

  it('groups database-found surname matches by user, ids only', () => {
    const flags = sharedSurnameViews([
      { sequence: 5, actorId: 'u1', childId: 'c1' },
      { sequence: 9, actorId: 'u1', childId: 'c1' },
    ]);
    expect(flags).toEqual([
      { rule: 'shared-surname', userId: 'u1', sequences: [5, 9], childIds: ['c1'], count: 2 },
    ]);
  });

  it('never flags views at or under the threshold', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 10 }), (views, threshold) => {
        const rows = Array.from({ length: views }, () => row({ at: '2026-03-03T12:00:00Z' }));
        const flagged = unusualViewCounts(rows, { ...policy, viewsPerDayThreshold: threshold }).length > 0;
        expect(flagged).toBe(views > threshold);
      }),
    );
  });

  it('names users refused by a rate limit, and no one for other refusals, system or anonymous', () => {
    const limited = row({
      at: '2026-03-03T12:00:00Z',
      action: 'access.refused',
      outcome: 'refused',
      childId: null,
      detail: { reason: 'rate-limited', route: 'SearchController.search' },
    });
    const otherReason = row({
      at: '2026-03-03T12:00:01Z',
      actorId: 'user-b',
      action: 'access.refused',
      outcome: 'refused',
      detail: { reason: 'forbidden' },
    });
    const anonymous = row({
      at: '2026-03-03T12:00:02Z',
      actorId: 'anonymous',
      actorRole: 'anonymous',
      action: 'access.refused',
      outcome: 'refused',
      detail: { reason: 'rate-limited' },
    });
    expect(rateLimitedUsers([limited, otherReason, anonymous])).toEqual([
      { rule: 'rate-limited', userId: 'user-a', sequences: [limited.sequence], childIds: [], count: 1 },
    ]);
  });
});
