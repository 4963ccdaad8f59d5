/**
 * UK postcodes: outward code (area letters, district digit(s), optional letter), a space,
 * inward code (a digit and two letters, never C, I, K, M, O or V). GIR 0AA is the one historic exception.
 */
const POSTCODE =
  /^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** Upper case with a single space before the inward code, e.g. "sw1a1aa" -> "SW1A 1AA". */
export function normalisePostcode(value: string): string {
  const compact = value.replace(/\s/g, '').toUpperCase();
  if (compact.length < 5) return compact;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function isValidPostcode(value: string): boolean {
  return POSTCODE.test(normalisePostcode(value));
}

/** The outward code, the coarse part used to narrow a search (e.g. "B11" of "B11 2AB"). */
export function postcodeDistrict(value: string): string {
  return normalisePostcode(value).split(' ')[0];
}
