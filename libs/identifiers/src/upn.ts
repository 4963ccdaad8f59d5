/**
 * Unique Pupil Number (DfE data standard 2.0): a check letter, then the 3-digit DfE LA number,
 * 4-digit establishment number, 2-digit year and a 3-character serial (a temporary UPN ends in a letter).
 */
export const UPN_CHECK_ALPHABET = 'ABCDEFGHJKLMNPQRTUVWXYZ';

const UPN_SHAPE = /^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$/;

function characterValue(char: string): number | null {
  if (/\d/.test(char)) return Number(char);
  const index = UPN_CHECK_ALPHABET.indexOf(char);
  return index >= 0 ? index : null;
}

/** The check letter for characters 2 to 13 of a UPN, or null when they are malformed. */
export function upnCheckLetter(body: string): string | null {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(body)) return null;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const value = characterValue(body[i]);
    if (value === null) return null;
    sum += value * (i + 2);
  }
  return UPN_CHECK_ALPHABET[sum % 23];
}

export function normaliseUpn(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

export function isValidUpn(value: string): boolean {
  const upn = normaliseUpn(value);
  if (!UPN_SHAPE.test(upn)) return false;
  return upnCheckLetter(upn.slice(1)) === upn[0];
}
