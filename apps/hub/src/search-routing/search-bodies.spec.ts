import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { parseForwardRequest, parseRouteRequest, SearchBodyError } from './search-bodies';

const fieldOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (error instanceof SearchBodyError) return error.field;
    throw error;
  }
  return 'accepted';
};

describe('search message bodies at the hub', () => {
  const correlationId = randomUUID();

  it('takes a route request of keyed tokens', () => {
    const parsed = parseRouteRequest({ v: 1, correlationId, tokens: [{ kind: 'name-year', value: '-42' }] });
    expect(parsed).toEqual({ correlationId, tokens: [{ kind: 'name-year', value: '-42' }] });
    const grouped = parseRouteRequest({
      v: 1,
      correlationId,
      tokens: [{ kind: 'upn', value: '7', group: 3 }],
    });
    expect(grouped.tokens).toEqual([{ kind: 'upn', value: '7', group: 3 }]);
    for (const group of [-1, 1.5, '1', 256]) {
      expect(
        fieldOf(() =>
          parseRouteRequest({ v: 1, correlationId, tokens: [{ kind: 'upn', value: '7', group }] }),
        ),
      ).toBe('tokens.group');
    }
  });

  it('refuses a route request naming the field at fault, never echoing a value', () => {
    expect(fieldOf(() => parseRouteRequest({ v: 2, correlationId, tokens: [] }))).toBe('v');
    expect(fieldOf(() => parseRouteRequest({ v: 1, correlationId: 'x', tokens: [] }))).toBe('correlationId');
    expect(fieldOf(() => parseRouteRequest({ v: 1, correlationId, tokens: [] }))).toBe('tokens');
    expect(
      fieldOf(() => parseRouteRequest({ v: 1, correlationId, tokens: [{ kind: 'name', value: '1' }] })),
    ).toBe('tokens.kind');
    const plain = 'Smith 2015-03-04';
    const error = (() => {
      try {
        parseRouteRequest({ v: 1, correlationId, tokens: [{ kind: 'nhs', value: plain }] });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).not.toContain(plain);
  });

  it('refuses a forward naming an LA twice or an LA code that is not one', () => {
    const routeId = randomUUID();
    const query = { laCode: 'E08000003', envelope: {} };
    expect(parseForwardRequest({ routeId, queries: [query] }).queries).toHaveLength(1);
    expect(fieldOf(() => parseForwardRequest({ routeId, queries: [query, query] }))).toBe('queries.laCode');
    expect(fieldOf(() => parseForwardRequest({ routeId, queries: [{ laCode: 'hub', envelope: {} }] }))).toBe(
      'queries.laCode',
    );
    expect(fieldOf(() => parseForwardRequest({ routeId: 'r', queries: [] }))).toBe('routeId');
  });

  it('property: any JSON value is either parsed or refused as a SearchBodyError, never anything else', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const parse of [parseRouteRequest, parseForwardRequest]) {
          try {
            parse(value);
          } catch (error) {
            expect(error).toBeInstanceOf(SearchBodyError);
          }
        }
      }),
    );
  });
});
