import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';

/** True for a real calendar date written "YYYY-MM-DD". */
export function isIsoCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today's date in UTC, "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export const IsIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => isIsoCalendarDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a date written YYYY-MM-DD`, options),
      },
    },
    options,
  );

/** A date that is not after today (a date of birth, a consent already recorded, an assessment done). */
export const IsNotInFuture = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'notInFuture',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value <= todayIso(),
        defaultMessage: buildMessage((each) => `${each}$property must not be in the future`, options),
      },
    },
    options,
  );

/** Longest free-text values: names and contact details only. */
export const MAX = { name: 100, longName: 150, town: 60, line: 100, email: 254, telephone: 30 } as const;
