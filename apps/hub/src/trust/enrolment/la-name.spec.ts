import fc from 'fast-check';
import { InvalidInputError } from '@cp/errors';
import { LA_NAME_PATTERN, MAX_LA_NAME, parseLaName } from './la-name';

describe('LA names given at enrolment', () => {
  it.each([
    'Westminster',
    'Bath and North East Somerset',
    'St. Helens',
    "King's Lynn & West Norfolk",
    'Kingston upon Hull, City of',
    'Rhondda Cynon Taf',
    'Bristol (City of)',
  ])('keeps %s', (name) => {
    expect(parseLaName(name)).toBe(name);
  });

  it('trims and folds spaces; absent stays absent', () => {
    expect(parseLaName('  North   Somerset ')).toBe('North Somerset');
    expect(parseLaName(undefined)).toBeUndefined();
  });

  it.each(['', 'W', '<script>', 'Westminster\u0007Council', 'x'.repeat(MAX_LA_NAME + 1), '-Leeds'])(
    'refuses %j with a 400 naming laName',
    (name) => {
      expect(() => parseLaName(name)).toThrow(InvalidInputError);
      try {
        parseLaName(name);
      } catch (error) {
        expect((error as InvalidInputError).problems[0].field).toBe('laName');
      }
    },
  );

  it('never keeps markup or control characters, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (raw) => {
        let name: string | undefined;
        try {
          name = parseLaName(raw);
        } catch {
          return;
        }
        expect(name).toMatch(LA_NAME_PATTERN);
        expect(name).not.toMatch(/[<>"\\/]/);
        expect([...(name ?? '')].every((char) => char >= ' ')).toBe(true);
      }),
    );
  });
});
