import fc from 'fast-check';
import type { IndexEventBody } from '@cp/contract';
import { MalformedIndexEventError, parseIndexEvent } from './index-event';
import { lookupParameters } from './locator-lookup';

const upsert: IndexEventBody = {
  sequence: '12',
  operation: 'upsert',
  childId: '5b0c7c55-8f7e-4b8a-9d55-6c1c1f3e2a10',
  version: 3,
  shielded: false,
  tokens: [
    { kind: 'name-year', value: '-9223372036854775808' },
    { kind: 'nhs', value: '42' },
  ],
  createdAt: '2026-11-27T00:00:00.000Z',
  snapshot: null,
};

describe('parseIndexEvent', () => {
  it('reads a well-formed upsert into storage form', () => {
    const event = parseIndexEvent(upsert);
    expect(event).toMatchObject({ sequence: 12n, operation: 'upsert', version: 3, snapshot: null });
    expect(event.tokens).toEqual([
      { kind: 0, value: '-9223372036854775808' },
      { kind: 1, value: '42' },
    ]);
  });

  it.each([
    ['sequence', { sequence: '-1' }],
    ['operation', { operation: 'drop-table' }],
    ['childId', { childId: 'not-a-uuid' }],
    ['version', { version: 1.5 }],
    ['shielded', { shielded: 'no' }],
    ['tokens', { tokens: [{ kind: 'name', value: '1' }] }],
    ['tokens', { tokens: [{ kind: 'nhs', value: 'Smith' }] }],
    ['createdAt', { createdAt: 'yesterday' }],
    ['snapshot', { snapshot: 'x' }],
  ])('refuses a bad %s', (field, change) => {
    expect(() => parseIndexEvent({ ...upsert, ...change })).toThrow(new MalformedIndexEventError(field));
  });

  it('refuses a marker that names a child or carries tokens, and any text where a token belongs', () => {
    expect(() => parseIndexEvent({ ...upsert, operation: 'snapshot-end' })).toThrow(MalformedIndexEventError);
    expect(() => parseIndexEvent({ ...upsert, operation: 'delete' })).toThrow(MalformedIndexEventError);
  });

  it('property: only signed 64-bit decimal tokens are ever accepted', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const accepted = (() => {
          try {
            parseIndexEvent({ ...upsert, tokens: [{ kind: 'upn', value }] });
            return true;
          } catch {
            return false;
          }
        })();
        expect(accepted).toBe(
          /^-?\d{1,19}$/.test(value) && BigInt(value) < 2n ** 63n && BigInt(value) >= -(2n ** 63n),
        );
      }),
    );
    expect(() =>
      parseIndexEvent({ ...upsert, tokens: [{ kind: 'nhs', value: '9223372036854775808' }] }),
    ).toThrow(MalformedIndexEventError);
  });
});

describe('lookupParameters', () => {
  it('deduplicates tokens and bounds the limit', () => {
    const tokens = [
      { kind: 'name-year' as const, value: '1' },
      { kind: 'name-year' as const, value: '1' },
    ];
    expect(lookupParameters(tokens, { limit: 10, excludeLa: 'E09000033' })).toEqual([
      ['1'],
      'E09000033',
      1,
      10,
      [256],
    ]);
    expect(() => lookupParameters(tokens, { limit: 0 })).toThrow(RangeError);
    expect(() => lookupParameters([{ kind: 'nhs', value: '1; DROP' }], { limit: 1 })).toThrow(RangeError);
  });

  it('sends each token group and requires two distinct groups when the query has two', () => {
    const grouped = [
      { kind: 'name-year' as const, value: '1', group: 0 },
      { kind: 'name-year' as const, value: '2', group: 0 },
      { kind: 'name-year' as const, value: '3', group: 2 },
      { kind: 'nhs' as const, value: '4', group: 3 },
    ];
    expect(lookupParameters(grouped, { limit: 5 })).toEqual([['1', '2', '3', '4'], null, 2, 5, [0, 0, 2, 3]]);
    expect(lookupParameters(grouped.slice(0, 2), { limit: 5 })[2]).toBe(1);
    expect(() => lookupParameters([{ kind: 'nhs', value: '1', group: -1 }], { limit: 1 })).toThrow(
      RangeError,
    );
  });
});
