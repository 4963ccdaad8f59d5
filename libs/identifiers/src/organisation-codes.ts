/** DfE Unique Reference Number of an educational setting: 6 digits. */
export function isValidUrn(value: string): boolean {
  return /^\d{6}$/.test(value);
}

/** NHS ODS code of a GP practice: a letter and five digits, e.g. A81001. */
export function isValidGpPracticeCode(value: string): boolean {
  return /^[A-Z]\d{5}$/.test(value);
}

/**
 * ONS code of an English local authority: E06 unitary, E08 metropolitan district,
 * E09 London borough, E10 county, then six digits. ContactPoint covers England only.
 */
export function isValidLaCode(value: string): boolean {
  return /^E(06|08|09|10)\d{6}$/.test(value);
}
