import { isIsoCalendarDate, todayIso } from './field-rules';

describe('isIsoCalendarDate', () => {
  it.each(['2014-03-09', '2024-02-29', '2000-12-31'])('accepts %s', (value) => {
    expect(isIsoCalendarDate(value)).toBe(true);
  });
  it.each(['2014-02-30', '2023-02-29', '2014-3-9', '09/03/2014', '', 20140309, null])(
    'refuses %s',
    (value) => {
      expect(isIsoCalendarDate(value)).toBe(false);
    },
  );
  it('gives today in UTC', () => {
    expect(todayIso(new Date('2026-11-26T23:59:59Z'))).toBe('2026-11-26');
  });
});
