import { InvalidInputError } from '@cp/errors';
import { AuditQueryDto } from '../audit/dto/audit-query.dto';
import { countOf, single, strictParameters, type RawQuery } from './search-params';

export const AUDIT_EVENT_PARAMETERS = ['patient', 'agent', 'date', '_count', '_cursor'] as const;
export const AUDIT_EVENT_MAX_COUNT = 1000;
export const AUDIT_EVENT_DEFAULT_COUNT = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AGENT = /^([0-9a-f-]{36}|system|anonymous)$/i;
const DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** The instants [start, end) a FHIR date or dateTime value covers at its precision. */
export function periodOf(value: string): { start: Date; end: Date } | null {
  const match = DATE.exec(value);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  if (hour !== undefined) {
    const start = new Date(
      `${year}-${month}-${day}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${zone}`,
    );
    if (Number.isNaN(start.getTime())) return null;
    const step = second === undefined ? 60_000 : fraction === undefined ? 1000 : 1;
    return { start, end: new Date(start.getTime() + step) };
  }
  const y = Number(year);
  const m = month === undefined ? 0 : Number(month) - 1;
  const d = day === undefined ? 1 : Number(day);
  const start = new Date(Date.UTC(y, m, d));
  if (start.getUTCFullYear() !== y || start.getUTCMonth() !== m || start.getUTCDate() !== d) return null;
  const end =
    day !== undefined
      ? new Date(Date.UTC(y, m, d + 1))
      : month !== undefined
        ? new Date(Date.UTC(y, m + 1, 1))
        : new Date(Date.UTC(y + 1, 0, 1));
  return { start, end };
}

/** Repeated `date` parameters (ge, gt, le, lt, eq; eq by default) as one [from, to) window. */
export function dateWindowOf(values: string[]): { from?: Date; to?: Date } {
  let from: Date | undefined;
  let to: Date | undefined;
  const later = (a: Date | undefined, b: Date): Date => (a && a > b ? a : b);
  const earlier = (a: Date | undefined, b: Date): Date => (a && a < b ? a : b);
  for (const value of values) {
    const prefixed = /^(eq|ge|gt|le|lt)/.exec(value);
    const prefix = prefixed ? prefixed[1] : 'eq';
    const period = periodOf(prefixed ? value.slice(2) : value);
    if (!period) {
      throw InvalidInputError.field(
        'date',
        'date',
        'date must be [eq|ge|gt|le|lt] followed by a FHIR date or dateTime (YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss]+zone)',
      );
    }
    if (prefix === 'eq' || prefix === 'ge') from = later(from, period.start);
    if (prefix === 'gt') from = later(from, period.end);
    if (prefix === 'eq' || prefix === 'le') to = earlier(to, period.end);
    if (prefix === 'lt') to = earlier(to, period.start);
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function referenceId(value: string, type: string, parameter: string, pattern: RegExp): string {
  const id = value.startsWith(`${type}/`) ? value.slice(type.length + 1) : value;
  if (!pattern.test(id)) {
    throw InvalidInputError.field(parameter, 'reference', `${parameter} must be an id or ${type}/<id>`);
  }
  return id;
}

/** GET /fhir/AuditEvent?...: the filters of the auditors' API (child, user, time), paged by sequence. */
export function auditQueryOf(query: RawQuery): AuditQueryDto {
  const values = strictParameters(query, AUDIT_EVENT_PARAMETERS, ['date']);
  const patient = single(values, 'patient');
  const agent = single(values, 'agent');
  const cursor = single(values, '_cursor');
  if (cursor !== undefined && !/^\d{1,15}$/.test(cursor)) {
    throw InvalidInputError.field('_cursor', 'cursor', '_cursor must be the one given in a next link');
  }
  const dto = Object.assign(new AuditQueryDto(), {
    ...(patient !== undefined ? { childId: referenceId(patient, 'Patient', 'patient', UUID) } : {}),
    ...(agent !== undefined ? { actorId: referenceId(agent, 'Practitioner', 'agent', AGENT) } : {}),
    ...dateWindowOf(values.get('date') ?? []),
    ...(cursor !== undefined ? { afterSequence: Number(cursor) } : {}),
    limit: countOf(single(values, '_count'), AUDIT_EVENT_MAX_COUNT) ?? AUDIT_EVENT_DEFAULT_COUNT,
  });
  return dto;
}
