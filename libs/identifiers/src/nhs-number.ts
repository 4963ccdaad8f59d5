/** NHS number: 10 digits, the last a mod-11 check digit over the first nine (weights 10 down to 2). */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null; // no valid NHS number has these nine digits
  return check;
}

/** Strips the spaces or hyphens of the 3-3-4 display form. */
export function normaliseNhsNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export function isValidNhsNumber(value: string): boolean {
  const digits = normaliseNhsNumber(value);
  if (!/^\d{10}$/.test(digits)) return false;
  const check = nhsCheckDigit(digits.slice(0, 9));
  return check !== null && check === Number(digits[9]);
}

/** Display form 3-3-4, e.g. "943 476 5919". */
export function formatNhsNumber(value: string): string {
  const digits = normaliseNhsNumber(value);
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
