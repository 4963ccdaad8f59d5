/**
 * Controlled lists of ContactPoint's basic information. Free text is limited to names and contact
 * details: there is no list, field or code here for case information, opinions, diet or attainment.
 */
export const GENDERS = ['female', 'male', 'other', 'not-known'] as const;
export type Gender = (typeof GENDERS)[number];

export const CARER_RELATIONSHIPS = [
  'mother',
  'father',
  'step-parent',
  'grandparent',
  'other-relative',
  'foster-carer',
  'guardian',
  'other',
] as const;
export type CarerRelationship = (typeof CARER_RELATIONSHIPS)[number];

/** Services whose involvement is recorded only with the young person's recorded consent. */
export const SENSITIVE_SERVICE_TYPES = ['sexual-health', 'mental-health', 'substance-misuse'] as const;
export type SensitiveServiceType = (typeof SENSITIVE_SERVICE_TYPES)[number];

export const SERVICE_TYPES = [
  'health-visiting',
  'school-nursing',
  'early-help',
  'childrens-social-care',
  'education-welfare',
  'special-educational-needs',
  'youth-justice',
  'youth-service',
  'speech-and-language-therapy',
  'paediatrics',
  'housing',
  'police',
  'voluntary-sector',
  ...SENSITIVE_SERVICE_TYPES,
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export function isSensitiveService(type: ServiceType): type is SensitiveServiceType {
  return (SENSITIVE_SERVICE_TYPES as readonly string[]).includes(type);
}

/** The type of an assessment a practitioner has undertaken: its type and date only, never its content. */
export const ASSESSMENT_TYPES = [
  'early-help-assessment',
  'child-and-family-assessment',
  'education-health-and-care-needs-assessment',
  'health-assessment',
  'youth-justice-assessment',
] as const;
export type AssessmentType = (typeof ASSESSMENT_TYPES)[number];

/** Why a practitioner looks: stated for every search and every view, and kept in the audit. */
export const ACCESS_REASONS = [
  'safeguarding-concern',
  'providing-a-service',
  'contacting-another-practitioner',
  'maintaining-the-record',
] as const;
export type AccessReason = (typeof ACCESS_REASONS)[number];
