import fc from 'fast-check';
import { ACCESS_KINDS, accessEventOf, accessKindOf, localUserIds, type AccessRow } from './access-events';
import { flatten, printable } from './subject-access-pdf';

const thisLa = { code: 'E08000025', name: 'Birmingham' };
const ALICE = '11111111-1111-4111-8111-111111111111';

function row(partial: Partial<AccessRow>): AccessRow {
  return {
    sequence: 1,
    occurredAt: new Date('2026-06-01T10:00:00Z'),
    actorId: ALICE,
    actorRole: 'practitioner',
    actorLa: null,
    reason: 'safeguarding-concern',
    action: 'record.view',
    outcome: 'allowed',
    childId: 'c',
    correlationId: '22222222-2222-4222-8222-222222222222',
    detail: {},
    ...partial,
  };
}

describe('access events', () => {
  it('tells views, local and cross-boundary disclosures, changes, exports and refusals apart', () => {
    expect(accessKindOf(row({}))).toBe('view');
    expect(accessKindOf(row({ action: 'record.search' }))).toBe('search-disclosure');
    expect(accessKindOf(row({ action: 'record.search', detail: { scope: 'cross-boundary-answer' } }))).toBe(
      'cross-boundary-disclosure',
    );
    expect(accessKindOf(row({ action: 'record.update' }))).toBe('record-change');
    expect(accessKindOf(row({ action: 'subject-access.export' }))).toBe('subject-access-export');
    expect(accessKindOf(row({ outcome: 'refused', action: 'access.refused' }))).toBe('refused');
    expect(accessKindOf(row({ action: 'handover.step' }))).toBe('other');
  });

  it("names this LA's users from the users table, with this LA as their organisation", () => {
    const event = accessEventOf(row({}), new Map([[ALICE, 'Alice Ward']]), thisLa);
    expect(event.user).toEqual({
      id: ALICE,
      role: 'practitioner',
      name: 'Alice Ward',
      organisation: 'Birmingham',
      laCode: 'E08000025',
      ofThisLa: true,
    });
    expect(accessEventOf(row({}), new Map(), thisLa).user).toMatchObject({ name: null, organisation: null });
  });

  it("names another LA's user from what travelled in their signed query, never from this LA's users", () => {
    const remote = row({
      actorLa: 'E09000033',
      action: 'record.search',
      detail: {
        scope: 'cross-boundary-answer',
        requesterName: 'Ben Ode',
        requesterOrganisation: 'Westminster',
      },
    });
    const event = accessEventOf(remote, new Map([[ALICE, 'Alice Ward']]), thisLa);
    expect(event.user).toMatchObject({
      name: 'Ben Ode',
      organisation: 'Westminster',
      laCode: 'E09000033',
      ofThisLa: false,
    });
    expect(localUserIds([remote, row({ sequence: 2 })], thisLa)).toEqual([ALICE]);
    const older = accessEventOf(row({ actorLa: 'E09000033', detail: {} }), new Map(), thisLa);
    expect(older.user).toMatchObject({ name: null, organisation: null, laCode: 'E09000033' });
  });

  it('gives every entry one of the kinds', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom('allowed', 'refused'),
        fc.dictionary(fc.string(), fc.string()),
        (action, outcome, detail) => {
          expect(ACCESS_KINDS).toContain(accessKindOf({ action, outcome, detail }));
        },
      ),
    );
  });
});

describe('subject access PDF text', () => {
  it('flattens a record into every leaf, in order', () => {
    expect(
      flatten({ child: { givenName: 'Asha', otherNames: [] }, carers: [{ name: 'R' }], gp: null }),
    ).toEqual([
      ['child.givenName', 'Asha'],
      ['child.otherNames', 'none'],
      ['carers[1].name', 'R'],
      ['gp', 'none'],
    ]);
  });

  it('keeps what WinAnsi can draw and replaces the rest', () => {
    expect(printable('Zoë O’Neil – Łódź 李')).toBe("Zoë O'Neil - ?ódz ?");
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        for (const char of printable(text)) {
          const code = char.codePointAt(0) ?? 0;
          expect((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)).toBe(true);
        }
      }),
    );
  });
});
