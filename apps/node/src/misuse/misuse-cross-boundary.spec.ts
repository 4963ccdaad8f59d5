import fc from 'fast-check';
import {
  accessOutsideWorkingHours,
  crossBoundaryPerDay,
  searchesWithoutFollowUp,
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
const periodEnd = new Date('2026-06-02T00:00:00Z');

let sequence = 0;
function row(partial: Partial<ReviewRow> & { at: string }): ReviewRow {
  sequence += 1;
  return {
    sequence,
    actorId: 'user-a',
    actorRole: 'practitioner',
    actorLa: null,
    action: 'record.search',
    outcome: 'allowed',
    occurredAt: new Date(partial.at),
    childId: null,
    disclosedChildIds: ['remote-child'],
    detail: {},
    ...partial,
  };
}

/** At the asking LA: its user's search of other LAs, which found a child there. */
const asked = (at: string, partial: Partial<ReviewRow> = {}) =>
  row({ at, detail: { scope: 'cross-boundary', results: 1 }, ...partial });
/** At the answering LA: another LA's user, whose query this node answered with a match. */
const answered = (at: string, partial: Partial<ReviewRow> = {}) =>
  row({
    at,
    actorId: 'their-user',
    actorLa: 'E09000033',
    disclosedChildIds: ['our-child'],
    detail: { scope: 'cross-boundary-answer', results: 1 },
    ...partial,
  });

describe('misuse review of cross-boundary searches', () => {
  it('flags no cross-boundary search as "search without follow-up", at either LA', () => {
    // Before the fix both of these were flagged: no follow-up view of another LA's child can ever exist.
    expect(searchesWithoutFollowUp([asked('2026-06-01T10:00:00Z')], policy, periodEnd)).toEqual([]);
    expect(searchesWithoutFollowUp([answered('2026-06-01T10:00:00Z')], policy, periodEnd)).toEqual([]);
  });

  it('still flags a local search that disclosed records and was never followed up', () => {
    const local = row({ at: '2026-06-01T10:00:00Z', disclosedChildIds: ['child-1'] });
    const flags = searchesWithoutFollowUp([asked('2026-06-01T10:00:00Z'), local], policy, periodEnd);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ rule: 'search-without-follow-up', sequences: [local.sequence] });
  });

  it('counts cross-boundary disclosures per user and day over the views threshold, at both LAs', () => {
    const hours = [9, 10, 11, 12];
    const at = (hour: number) => `2026-06-01T${String(hour).padStart(2, '0')}:00:00Z`;
    const rows = [
      ...hours.map((hour) => asked(at(hour))),
      ...hours.map((hour) => answered(at(hour))),
      // The same user id at another LA is another person.
      ...hours.slice(0, 3).map((hour) => answered(at(hour), { actorLa: 'E08000025' })),
      // Searches that found nothing disclosed nothing.
      ...hours.map((hour) => asked(at(hour), { actorId: 'user-b', disclosedChildIds: [] })),
    ];
    const flags = crossBoundaryPerDay(rows, policy);
    expect(flags.map((flag) => [flag.userId, flag.la, flag.count])).toEqual([
      ['user-a', undefined, 4],
      ['their-user', 'E09000033', 4],
    ]);
    expect(flags[1].childIds).toEqual(['our-child']);
    expect(flags[0].day).toBe('2026-06-01');
  });

  it("names another LA's user with their LA in the working-hours rule", () => {
    const flags = accessOutsideWorkingHours([answered('2026-06-01T22:00:00Z')], policy);
    expect(flags).toEqual([
      expect.objectContaining({ userId: 'their-user', la: 'E09000033', count: 1, childIds: ['our-child'] }),
    ]);
  });

  it('never flags a cross-boundary search for want of a follow-up, whatever else happened', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            minute: fc.integer({ min: 0, max: 600 }),
            kind: fc.constantFrom('asked', 'answered', 'local', 'view'),
            user: fc.constantFrom('user-a', 'user-b'),
          }),
          { maxLength: 30 },
        ),
        (events) => {
          const rows = events
            .sort((a, b) => a.minute - b.minute)
            .map(({ minute, kind, user }) => {
              const at = new Date(Date.parse('2026-06-01T08:00:00Z') + minute * 60_000).toISOString();
              if (kind === 'asked') return asked(at, { actorId: user });
              if (kind === 'answered') return answered(at, { actorId: user });
              if (kind === 'local') return row({ at, actorId: user, disclosedChildIds: ['c'] });
              return row({ at, actorId: user, action: 'record.view', childId: 'c', disclosedChildIds: [] });
            });
          const crossBoundary = new Set(
            rows.filter((r) => r.detail.scope !== undefined).map((r) => r.sequence),
          );
          for (const flag of searchesWithoutFollowUp(rows, policy, periodEnd))
            for (const flagged of flag.sequences) expect(crossBoundary.has(flagged)).toBe(false);
        },
      ),
    );
  });
});
