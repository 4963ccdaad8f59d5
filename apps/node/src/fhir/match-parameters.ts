import { InvalidInputError } from '@cp/errors';
import type { SearchCriteria } from '../search/minimum-criteria';
import { NHS_NUMBER_SYSTEM, UPN_SYSTEM } from './fhir-systems';
import { genderOf } from './patient-criteria';

/** The input of Patient/$match (IHE PDQm): a Patient to match, onlyCertainMatches and count. */
export interface MatchInput {
  criteria: SearchCriteria;
  onlyCertainMatches: boolean;
  count?: number;
  /** Each criterion's place in the input, to name it in a problem. */
  paths: Record<string, string>;
}

export const MATCH_MAX_COUNT = 100;

function refuse(path: string, rule: string, message: string): InvalidInputError {
  return InvalidInputError.field(path, rule, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function listAt(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw refuse(path, 'array', `${path} must be an array`);
  return value;
}

function textAt(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw refuse(path, 'string', `${path} must be a string`);
  return value;
}

/** Reads the Patient given to $match into search criteria, naming each criterion's place in the input. */
function criteriaOf(patient: Record<string, unknown>, at: string): Pick<MatchInput, 'criteria' | 'paths'> {
  if (patient.resourceType !== 'Patient') {
    throw refuse(`${at}.resourceType`, 'patient', 'The resource parameter must be a Patient');
  }
  const criteria: SearchCriteria = {};
  const paths: Record<string, string> = { reason: '_purposeOfUse' };
  const names = listAt(patient.name, `${at}.name`);
  const name = names[0];
  if (name !== undefined) {
    if (!isObject(name)) throw refuse(`${at}.name[0]`, 'object', `${at}.name[0] must be a HumanName`);
    const family = textAt(name.family, `${at}.name[0].family`);
    if (family !== undefined) [criteria.familyName, paths.familyName] = [family, `${at}.name[0].family`];
    const given = textAt(listAt(name.given, `${at}.name[0].given`)[0], `${at}.name[0].given[0]`);
    if (given !== undefined) [criteria.givenName, paths.givenName] = [given, `${at}.name[0].given[0]`];
  }
  const birthDate = textAt(patient.birthDate, `${at}.birthDate`);
  if (birthDate !== undefined) [criteria.dateOfBirth, paths.dateOfBirth] = [birthDate, `${at}.birthDate`];
  const gender = textAt(patient.gender, `${at}.gender`);
  if (gender !== undefined) criteria.gender = genderOf(gender, `${at}.gender`);
  listAt(patient.identifier, `${at}.identifier`).forEach((identifier, index) => {
    const path = `${at}.identifier[${index}]`;
    if (!isObject(identifier)) throw refuse(path, 'object', `${path} must be an Identifier`);
    const system = textAt(identifier.system, `${path}.system`);
    const value = textAt(identifier.value, `${path}.value`);
    if (value === undefined) return;
    if (system === NHS_NUMBER_SYSTEM) [criteria.nhsNumber, paths.nhsNumber] = [value, `${path}.value`];
    if (system === UPN_SYSTEM) [criteria.upn, paths.upn] = [value, `${path}.value`];
  });
  const address = listAt(patient.address, `${at}.address`)[0];
  if (address !== undefined) {
    if (!isObject(address)) throw refuse(`${at}.address[0]`, 'object', `${at}.address[0] must be an Address`);
    const postcode = textAt(address.postalCode, `${at}.address[0].postalCode`);
    if (postcode !== undefined)
      [criteria.postcode, paths.postcode] = [postcode, `${at}.address[0].postalCode`];
  }
  Object.assign(paths, {
    identifier: `${at}.identifier`,
    family: `${at}.name[0].family`,
    given: `${at}.name[0].given[0]`,
    birthdate: `${at}.birthDate`,
  });
  return { criteria, paths };
}

/** Parses the Parameters resource posted to Patient/$match; anything else is a 400 naming its place. */
export function matchInputOf(body: unknown): MatchInput {
  if (!isObject(body) || body.resourceType !== 'Parameters') {
    throw refuse('Parameters', 'parameters', 'The body must be a Parameters resource');
  }
  let found: Pick<MatchInput, 'criteria' | 'paths'> | undefined;
  let onlyCertainMatches = false;
  let count: number | undefined;
  listAt(body.parameter, 'Parameters.parameter').forEach((parameter, index) => {
    const at = `Parameters.parameter[${index}]`;
    if (!isObject(parameter)) throw refuse(at, 'object', `${at} must be a parameter`);
    switch (parameter.name) {
      case 'resource':
        if (found) throw refuse(at, 'once', 'Give one resource parameter');
        if (!isObject(parameter.resource))
          throw refuse(`${at}.resource`, 'patient', 'resource must hold a Patient');
        found = criteriaOf(parameter.resource, `${at}.resource`);
        break;
      case 'onlyCertainMatches':
        if (typeof parameter.valueBoolean !== 'boolean') {
          throw refuse(`${at}.valueBoolean`, 'boolean', 'onlyCertainMatches must be a valueBoolean');
        }
        onlyCertainMatches = parameter.valueBoolean;
        break;
      case 'count': {
        const value = parameter.valueInteger;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MATCH_MAX_COUNT) {
          throw refuse(
            `${at}.valueInteger`,
            'count',
            `count must be a valueInteger from 1 to ${MATCH_MAX_COUNT}`,
          );
        }
        count = value;
        break;
      }
      default:
        throw refuse(
          `${at}.name`,
          'unknownParameter',
          `${typeof parameter.name === 'string' ? parameter.name : at} is not a parameter of $match (resource, onlyCertainMatches, count)`,
        );
    }
  });
  if (!found)
    throw refuse('Parameters.parameter', 'resource', 'Give the Patient to match as the resource parameter');
  return { ...found, onlyCertainMatches, ...(count !== undefined ? { count } : {}) };
}
