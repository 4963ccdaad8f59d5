import fc from 'fast-check';
import {
  FORBIDDEN_KEYS,
  findUntrustedInputProblem,
  hasUnstorableCharacter,
  jsonNestingDepth,
} from './untrusted-input';
import { parseJsonBody } from './json-body-parser';

/** Nesting depth of a parsed value, computed recursively (test oracle). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null)
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

describe('jsonNestingDepth', () => {
  it('property: equals the depth of the parsed value, whatever strings (brackets, quotes, escapes) it holds', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(jsonNestingDepth(JSON.stringify(value))).toBe(depthOf(value));
      }),
    );
  });

  it('property: brackets inside strings never count', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('[', '{', ']', '}', '"', '\\', 'a'), { maxLength: 40 }),
        (chars) => {
          expect(jsonNestingDepth(JSON.stringify({ text: chars.join('') }))).toBe(1);
        },
      ),
    );
  });

  it('stops as soon as the limit is passed, and is linear on a 2,000-level body', () => {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    expect(jsonNestingDepth(deep)).toBe(2000);
    expect(jsonNestingDepth(deep, 32)).toBe(33);
  });
});

describe('parseJsonBody', () => {
  it('refuses JSON nested deeper than the limit before parsing it, naming the limit', () => {
    expect(() => parseJsonBody(`{"a":${'['.repeat(33)}${']'.repeat(33)}}`, { maxDepth: 32 })).toThrow(
      'JSON nested deeper than 32 levels',
    );
    expect(parseJsonBody(`{"a":${'['.repeat(31)}${']'.repeat(31)}}`, { maxDepth: 32 })).toBeDefined();
  });

  it('refuses an empty body and text that is not JSON', () => {
    expect(() => parseJsonBody(' ', { maxDepth: 32 })).toThrow('empty');
    expect(() => parseJsonBody('{"a":', { maxDepth: 32 })).toThrow('not valid JSON');
  });

  it('property: any JSON within the limit and free of forbidden keys and characters parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        fc.pre(findUntrustedInputProblem(value) === null);
        expect(parseJsonBody(JSON.stringify(value), { maxDepth: 32 })).toEqual(value);
      }),
    );
  });
});

describe('findUntrustedInputProblem', () => {
  it.each([...FORBIDDEN_KEYS])('refuses the key %s anywhere, naming its path', (key) => {
    const body = JSON.parse(`{"carers":[{"contact":{"${key}":1}}]}`) as unknown;
    expect(findUntrustedInputProblem(body)).toMatchObject({
      field: `carers.0.contact.${key}`,
      rule: 'forbiddenKey',
    });
  });

  it('names a string holding NUL or an unpaired surrogate, not its value', () => {
    expect(findUntrustedInputProblem({ a: { b: ['ok', 'x\u0000y'] } })).toMatchObject({
      field: 'a.b.1',
      rule: 'storableCharacters',
    });
    expect(findUntrustedInputProblem({ name: 'a\uDC00' })?.message).not.toContain('\uDC00');
    expect(findUntrustedInputProblem('x\u0000', 'reason')?.field).toBe('reason');
  });

  it('property: text without NUL and with only paired surrogates passes; adding NUL anywhere is found', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(), (text, at) => {
        const clean = text.replaceAll('\u0000', '');
        expect(hasUnstorableCharacter(clean)).toBe(false);
        const index = at % (clean.length + 1);
        expect(hasUnstorableCharacter(`${clean.slice(0, index)}\u0000${clean.slice(index)}`)).toBe(true);
      }),
    );
  });

  it('walks 100,000 levels without recursion', () => {
    let value: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(findUntrustedInputProblem(value)?.rule).toBe('storableCharacters');
  });
});
