import { InvalidInputError, type FieldProblem } from '@cp/errors';
import type { AccessReason, Gender } from '@cp/record-model';
import { validateInput } from '../record-store/validate-input';
import { SearchQueryDto } from '../search/dto/search-query.dto';
import { meetsMinimumCriteria, type SearchCriteria } from '../search/minimum-criteria';
import {
  countOf,
  identifierOf,
  PURPOSE_OF_USE_PARAMETER,
  purposeOfUse,
  single,
  strictParameters,
  type RawQuery,
} from './search-params';

/** The FHIR Patient search parameters this node supports, and the search criterion each one is. */
export const PATIENT_SEARCH_PARAMETERS = {
  identifier: 'nhsNumber',
  family: 'familyName',
  given: 'givenName',
  birthdate: 'dateOfBirth',
  gender: 'gender',
  'address-postalcode': 'postcode',
} as const satisfies Record<string, keyof SearchCriteria>;
type PatientSearchParameter = keyof typeof PATIENT_SEARCH_PARAMETERS;

export const PATIENT_MAX_COUNT = 100;

const FHIR_GENDERS: Record<string, Gender> = {
  female: 'female',
  male: 'male',
  other: 'other',
  unknown: 'not-known',
};

export interface PatientQuery {
  criteria: SearchCriteria;
  reason: AccessReason;
  count?: number;
}

/** The criterion a FHIR gender code is, or a 400 naming the parameter. */
export function genderOf(code: string, parameter: string): Gender {
  if (!Object.hasOwn(FHIR_GENDERS, code)) {
    throw InvalidInputError.field(
      parameter,
      'gender',
      `${parameter} must be one of: female, male, other, unknown`,
    );
  }
  return FHIR_GENDERS[code];
}

/** A birthdate: one full date, `eq` or no prefix (search needs the date itself, not a range). */
export function birthDateOf(value: string, parameter: string): string {
  const date = value.startsWith('eq') ? value.slice(2) : value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw InvalidInputError.field(
      parameter,
      'birthdate',
      `${parameter} must be a full date YYYY-MM-DD (eq only)`,
    );
  }
  return date;
}

/** Which FHIR name a search criterion goes by, for problems raised in the node's own terms. */
function parameterOf(field: string, names: Record<string, string>): string {
  return names[field] ?? field;
}

const CRITERION_TO_PARAMETER: Record<string, string> = {
  ...Object.fromEntries(Object.entries(PATIENT_SEARCH_PARAMETERS).map(([name, field]) => [field, name])),
  upn: 'identifier',
  reason: PURPOSE_OF_USE_PARAMETER,
};

/**
 * Checks criteria with the rules /api/v1/search uses (the same DTO), and the minimum criteria, naming the FHIR
 * parameters (or, through `names`, the $match input fields) in any problem.
 */
export async function checkCriteria(
  criteria: SearchCriteria,
  reason: AccessReason,
  names: Record<string, string> = CRITERION_TO_PARAMETER,
): Promise<void> {
  try {
    await validateInput(SearchQueryDto, { ...criteria, reason });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const problems: FieldProblem[] = error.problems.map((problem) => {
      const field = parameterOf(problem.field, names);
      return { field, rule: problem.rule, message: problem.message.replace(problem.field, field) };
    });
    throw new InvalidInputError(problems.map((problem) => problem.message).join('; '), problems);
  }
  if (!meetsMinimumCriteria(criteria)) {
    const fields = ['identifier', 'family', 'given', 'birthdate'].map((field) => names[field] ?? field);
    throw new InvalidInputError(
      `A search needs ${fields[0]}, or ${fields[1]} with ${fields[3]} or ${fields[2]}`,
      fields.map((field) => ({
        field,
        rule: 'minimumCriteria',
        message: `Give ${fields[0]}, or ${fields[1]} with ${fields[3]} or ${fields[2]}`,
      })),
    );
  }
}

/** GET /fhir/Patient?...: strict parameters, the purpose of use, and the criteria checked as /api/v1 does. */
export async function patientQueryOf(query: RawQuery, purposeHeader: unknown): Promise<PatientQuery> {
  const supported = [...Object.keys(PATIENT_SEARCH_PARAMETERS), '_count', PURPOSE_OF_USE_PARAMETER];
  const values = strictParameters(query, supported);
  const reason = purposeOfUse(single(values, PURPOSE_OF_USE_PARAMETER), purposeHeader);
  const criteria: SearchCriteria = {};
  for (const name of Object.keys(PATIENT_SEARCH_PARAMETERS) as PatientSearchParameter[]) {
    const value = single(values, name);
    if (value === undefined) continue;
    if (name === 'identifier') Object.assign(criteria, identifierOf(value, name));
    else if (name === 'birthdate') criteria.dateOfBirth = birthDateOf(value, name);
    else if (name === 'gender') criteria.gender = genderOf(value, name);
    else criteria[PATIENT_SEARCH_PARAMETERS[name]] = value;
  }
  const count = countOf(single(values, '_count'), PATIENT_MAX_COUNT);
  await checkCriteria(criteria, reason);
  return { criteria, reason, ...(count !== undefined ? { count } : {}) };
}
