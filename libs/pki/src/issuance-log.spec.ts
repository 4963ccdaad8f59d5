import fc from 'fast-check';
import {
  extendsIssuanceHead,
  firstBrokenIssuanceEntry,
  nextIssuanceEntry,
  unexpectedIssuances,
  type IssuanceEntry,
} from './issuance-log';

function log(count: number): IssuanceEntry[] {
  const entries: IssuanceEntry[] = [];
  for (let index = 0; index < count; index++) {
    entries.push(
      nextIssuanceEntry(entries[index - 1], {
        serial: `0${index}`,
        subject: index % 2 ? 'E09000033' : 'E09000001',
        fingerprint: `${index}`.padStart(64, 'a'),
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: '2026-03-01T00:00:00.000Z',
        issuedAt: '2026-01-01T00:00:00.000Z',
      }),
    );
  }
  return entries;
}

describe('issuance log', () => {
  it('holds when untouched', () => {
    expect(firstBrokenIssuanceEntry(log(6))).toBe(-1);
  });

  it('breaks at any removed or changed entry (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), fc.boolean(), (count, pick, remove) => {
        const entries = log(count);
        const index = pick % count;
        if (remove) {
          entries.splice(index, 1);
          if (index === count - 1) return; // dropping the tail is caught by comparing heads, not the chain
        } else entries[index] = { ...entries[index], subject: 'E09000002' };
        expect(firstBrokenIssuanceEntry(entries)).toBe(index);
      }),
    );
  });

  it('notices a log rewritten from scratch, though its chain holds', () => {
    const seen = log(3);
    const head = { sequence: 3, entryHash: seen[2].entryHash };
    expect(extendsIssuanceHead(log(5), head)).toBe(true);
    const rewritten = log(5).map((entry) => ({ ...entry, issuedAt: '2026-02-01T00:00:00.000Z' }));
    const rechained: IssuanceEntry[] = [];
    for (const { sequence: _s, previousHash: _p, entryHash: _e, ...fields } of rewritten)
      rechained.push(nextIssuanceEntry(rechained[rechained.length - 1], fields));
    expect(firstBrokenIssuanceEntry(rechained)).toBe(-1);
    expect(extendsIssuanceHead(rechained, head)).toBe(false);
    expect(extendsIssuanceHead(log(2), head)).toBe(false);
  });

  it('finds certificates in an LA name that the LA does not know', () => {
    const entries = log(4);
    const mine = entries.filter((entry) => entry.subject === 'E09000033');
    expect(unexpectedIssuances(entries, 'E09000033', [mine[0].fingerprint])).toEqual([mine[1]]);
  });
});
