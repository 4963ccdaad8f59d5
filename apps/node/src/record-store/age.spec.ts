import fc from 'fast-check';
import { ageOn } from './age';

describe('ageOn', () => {
  it.each([
    ['2014-03-09', '2026-03-08', 11],
    ['2014-03-09', '2026-03-09', 12],
    ['2014-03-09', '2026-12-31', 12],
    ['2008-02-29', '2026-02-28', 17],
    ['2008-02-29', '2026-03-01', 18],
    ['2026-11-26', '2026-11-26', 0],
  ])('a child born %s is %s years old on %s', (dateOfBirth, today, age) => {
    expect(ageOn(dateOfBirth, today)).toBe(age);
  });

  it('grows by exactly one on each birthday, never negative', () => {
    const day = fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 25 }), (birth, years) => {
        const dateOfBirth = birth.toISOString().slice(0, 10);
        const [y, m, d] = dateOfBirth.split('-');
        if (m === '02' && d === '29') return;
        const birthday = `${Number(y) + years}-${m}-${d}`;
        expect(ageOn(dateOfBirth, birthday)).toBe(years);
        expect(ageOn(dateOfBirth, dateOfBirth)).toBe(0);
      }),
    );
  });
});
