import { InvalidInputError } from '@cp/errors';
import { ACCESS_REASONS, type AccessReason } from '@cp/record-model';
import { ACCESS_REASON_SYSTEM, NHS_NUMBER_SYSTEM, UPN_SYSTEM, V3_ACT_REASON } from './fhir-systems';

/** A request's query string as Fastify parses it: each parameter once (a string) or repeated (an array). */
export type RawQuery = Record<string, unknown>;

/** Parameters every FHIR interaction here accepts. Only JSON is served. */
const FORMAT_VALUES = ['json', 'application/json', 'application/fhir+json'];
export const PURPOSE_OF_USE_PARAMETER = '_purposeOfUse';
export const PURPOSE_OF_USE_HEADER = 'x-purpose-of-use';

function refuse(parameter: string, rule: string, message: string): InvalidInputError {
  return InvalidInputError.field(parameter, rule, message);
}

/**
 * Strict handling: every parameter must be one the interaction supports, given once, as text. Returns each
 * supported parameter's values (repeats only where `repeatable` names it).
 */
export function strictParameters(
  query: RawQuery,
  supported: readonly string[],
  repeatable: readonly string[] = [],
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(query)) {
    if (name !== '_format' && !supported.includes(name)) {
      throw refuse(
        name,
        'unknownParameter',
        `${name} is not a supported search parameter here (supported: ${supported.join(', ')})`,
      );
    }
    const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    if (list.some((value) => typeof value !== 'string')) {
      throw refuse(name, 'text', `${name} must be given as text`);
    }
    if (list.length > 1 && !repeatable.includes(name)) {
      throw refuse(name, 'once', `${name} may be given only once`);
    }
    values.set(name, list as string[]);
  }
  const format = values.get('_format');
  if (format && !FORMAT_VALUES.includes(format[0])) {
    throw refuse(
      '_format',
      'format',
      `_format must be one of: ${FORMAT_VALUES.join(', ')} (only JSON is served)`,
    );
  }
  values.delete('_format');
  return values;
}

/** The one value of a parameter given once, if given. */
export function single(values: Map<string, string[]>, name: string): string | undefined {
  return values.get(name)?.[0];
}

/** HL7 PurposeOfUse codes (v3-ActReason) accepted for the node's access reasons they mean. */
const V3_PURPOSES: Record<string, AccessReason> = {
  TREAT: 'providing-a-service',
  COC: 'contacting-another-practitioner',
  HOPERAT: 'maintaining-the-record',
};

/**
 * The purpose of use (the node's access reason), from the _purposeOfUse parameter or the X-Purpose-Of-Use
 * header: a reason code of this node (optionally `ACCESS_REASON_SYSTEM|code`) or an HL7 v3 PurposeOfUse code
 * (`http://terminology.hl7.org/CodeSystem/v3-ActReason|TREAT`). Required, as /api/v1 requires a reason.
 */
export function purposeOfUse(parameter: string | undefined, header: unknown): AccessReason {
  const headerValue = typeof header === 'string' ? header.trim() : undefined;
  if (parameter !== undefined && headerValue !== undefined && parameter !== headerValue) {
    throw refuse(
      PURPOSE_OF_USE_PARAMETER,
      'conflict',
      `${PURPOSE_OF_USE_PARAMETER} and the X-Purpose-Of-Use header differ`,
    );
  }
  const value = parameter ?? headerValue;
  const allowed = `one of ${ACCESS_REASONS.join(', ')} (system ${ACCESS_REASON_SYSTEM}) or ${V3_ACT_REASON}|TREAT, COC or HOPERAT`;
  if (value === undefined || value === '') {
    throw refuse(
      PURPOSE_OF_USE_PARAMETER,
      'required',
      `A purpose of use is required: give ${PURPOSE_OF_USE_PARAMETER} or the X-Purpose-Of-Use header, ${allowed}`,
    );
  }
  const bar = value.indexOf('|');
  const system = bar >= 0 ? value.slice(0, bar) : ACCESS_REASON_SYSTEM;
  const code = bar >= 0 ? value.slice(bar + 1) : value;
  if (system === ACCESS_REASON_SYSTEM && (ACCESS_REASONS as readonly string[]).includes(code)) {
    return code as AccessReason;
  }
  if (system === V3_ACT_REASON && Object.hasOwn(V3_PURPOSES, code)) return V3_PURPOSES[code];
  throw refuse(PURPOSE_OF_USE_PARAMETER, 'purposeOfUse', `The purpose of use must be ${allowed}`);
}

/** _count: a whole number from 1 to max. */
export function countOf(value: string | undefined, max: number, parameter = '_count'): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw refuse(parameter, 'count', `${parameter} must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}

/** An identifier token `system|value` naming the NHS number or UPN system. */
export function identifierOf(token: string, parameter: string): { nhsNumber: string } | { upn: string } {
  const bar = token.indexOf('|');
  const system = bar >= 0 ? token.slice(0, bar) : '';
  const value = bar >= 0 ? token.slice(bar + 1) : token;
  if (system === NHS_NUMBER_SYSTEM) return { nhsNumber: value };
  if (system === UPN_SYSTEM) return { upn: value };
  throw refuse(
    parameter,
    'identifierSystem',
    `${parameter} must be ${NHS_NUMBER_SYSTEM}|<NHS number> or ${UPN_SYSTEM}|<UPN>`,
  );
}
