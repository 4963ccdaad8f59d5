import fc from 'fast-check';
import { hasControlCharacter, MAX_REQUESTING_USER_TEXT, parseRequestingUser } from './search';

describe('parseRequestingUser (sealed query, minor 1)', () => {
  it('is undefined when an older asker sent none', () => {
    expect(parseRequestingUser(undefined)).toBeUndefined();
  });

  it('keeps a name and organisation, trimmed', () => {
    expect(
      parseRequestingUser({ name: ' Asha Patel ', organisation: 'Birmingham Children’s Trust' }),
    ).toEqual({
      name: 'Asha Patel',
      organisation: 'Birmingham Children’s Trust',
    });
  });

  it.each([
    [null, 'requestingUser must be an object'],
    ['Asha', 'requestingUser must be an object'],
    [[], 'requestingUser must be an object'],
    [{ organisation: 'X' }, 'requestingUser.name'],
    [{ name: '  ', organisation: 'X' }, 'requestingUser.name'],
    [{ name: 'A\nB', organisation: 'X' }, 'requestingUser.name'],
    [{ name: 'A', organisation: 7 }, 'requestingUser.organisation'],
    [{ name: 'A', organisation: 'x'.repeat(MAX_REQUESTING_USER_TEXT + 1) }, 'requestingUser.organisation'],
  ])('refuses %j, naming what is wrong', (value, message) => {
    const parsed = parseRequestingUser(value);
    expect(parsed).toBeInstanceOf(Error);
    expect((parsed as Error).message).toContain(message);
  });

  it('never returns text with a control character or over the limit, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.string({ maxLength: 260 }),
        fc.string({ maxLength: 260 }),
        (any, name, org) => {
          for (const value of [any, { name, organisation: org }]) {
            const parsed = parseRequestingUser(value);
            if (parsed === undefined || parsed instanceof Error) continue;
            for (const text of [parsed.name, parsed.organisation]) {
              expect(text.length).toBeGreaterThan(0);
              expect(text.length).toBeLessThanOrEqual(MAX_REQUESTING_USER_TEXT);
              expect(hasControlCharacter(text)).toBe(false);
            }
          }
        },
      ),
    );
  });
});
