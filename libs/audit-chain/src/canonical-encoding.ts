/**
 * Canonical JSON: object keys sorted, no whitespace, only JSON types. Two equal values always encode to the
 * same bytes, whatever order their keys were written or stored in (PostgreSQL's jsonb reorders keys).
 */
export type CanonicalValue =
  null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue };

export function canonicalEncode(value: CanonicalValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Canonical encoding refuses non-finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalEncode).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalEncode(value[key])}`).join(',')}}`;
}
