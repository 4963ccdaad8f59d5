/** Why a record is shielded: a code from this list, never a narrative. */
export const SHIELDING_REASONS = [
  'risk-of-harm-from-known-person',
  'witness-protection',
  'other-court-order',
  'refuge-or-domestic-abuse',
  'other-serious-risk',
] as const;
export type ShieldingReason = (typeof SHIELDING_REASONS)[number];
