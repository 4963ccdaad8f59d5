import type { IsoDate } from '@cp/record-model';
import type { Faker } from '@faker-js/faker';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an ISO calendar date (UTC, so no time zone can shift it). */
export function dayNumber(date: IsoDate): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Expected a date as YYYY-MM-DD, got "${date}"`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`Not a calendar date: "${date}"`);
  return Math.round(ms / DAY_MS);
}

export function isoDate(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The same calendar day `years` earlier (29 February falls back to 28 February). */
export function yearsBefore(date: IsoDate, years: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year - years, month - 1, day));
  if (target.getUTCMonth() !== month - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

/** Whole years of age on `on` of someone born on `born`. */
export function ageOn(born: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = born.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  return oy - by - (om < bm || (om === bm && od < bd) ? 1 : 0);
}

/** A uniformly chosen date from `from` to `to`, both included. */
export function dateBetween(faker: Faker, from: IsoDate, to: IsoDate): IsoDate {
  const first = dayNumber(from);
  const last = dayNumber(to);
  return isoDate(last <= first ? first : faker.number.int({ min: first, max: last }));
}

export function latest(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
