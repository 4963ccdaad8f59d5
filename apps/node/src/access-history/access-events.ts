/**
 * "Who has looked at this child": audit entries about one child, each told as an access with the person
 * behind it. Plain functions over audit rows; the service reads the rows and this LA's user names.
 */

/** What an entry did with the child. */
export const ACCESS_KINDS = [
  'view',
  'search-disclosure',
  'cross-boundary-disclosure',
  'record-change',
  'subject-access-export',
  'refused',
  'other',
] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/** Who acted, as far as this LA can tell: its own users from its users table, others' from their query. */
export interface AccessUser {
  id: string;
  role: string;
  /** Null when unknown: a user since removed, or another LA's query that named nobody (an older node). */
  name: string | null;
  organisation: string | null;
  laCode: string;
  ofThisLa: boolean;
}

export interface AccessEvent {
  sequence: number;
  occurredAt: string;
  kind: AccessKind;
  action: string;
  outcome: string;
  reason: string | null;
  correlationId: string;
  user: AccessUser;
}

/** The audit entry's columns this needs (AuditEntry has them all). */
export interface AccessRow {
  sequence: number;
  occurredAt: Date;
  actorId: string;
  actorRole: string;
  actorLa: string | null;
  reason: string | null;
  action: string;
  outcome: string;
  childId: string | null;
  correlationId: string;
  detail: Record<string, unknown>;
}

const CHANGES = new Set([
  'record.create',
  'record.update',
  'involvement.add',
  'involvement.update',
  'involvement.end',
  'indicators.set',
  'lead-professional.appoint',
  'shield.set',
  'shield.clear',
]);

const CROSS_BOUNDARY_SCOPES = new Set(['cross-boundary', 'cross-boundary-answer']);

export function accessKindOf(row: Pick<AccessRow, 'action' | 'outcome' | 'detail'>): AccessKind {
  if (row.outcome !== 'allowed') return 'refused';
  if (row.action === 'record.view') return 'view';
  if (row.action === 'record.search') {
    const scope = row.detail.scope;
    return typeof scope === 'string' && CROSS_BOUNDARY_SCOPES.has(scope)
      ? 'cross-boundary-disclosure'
      : 'search-disclosure';
  }
  if (row.action === 'subject-access.export') return 'subject-access-export';
  if (CHANGES.has(row.action)) return 'record-change';
  return 'other';
}

export interface ThisLa {
  code: string;
  name: string;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * The person behind an entry. Another LA's user (actorLa set) is named by what travelled in their signed
 * query and this node stored in the entry's detail; this LA's users by their account's display name
 * (`names`, by user id), their organisation being this LA; the node itself is named as such.
 */
export function accessUserOf(row: AccessRow, names: ReadonlyMap<string, string>, thisLa: ThisLa): AccessUser {
  const base = { id: row.actorId, role: row.actorRole };
  if (row.actorLa !== null && row.actorLa !== thisLa.code) {
    return {
      ...base,
      name: text(row.detail.requesterName),
      organisation: text(row.detail.requesterOrganisation),
      laCode: row.actorLa,
      ofThisLa: false,
    };
  }
  const ofThisLa = { laCode: thisLa.code, ofThisLa: true };
  if (row.actorRole === 'system')
    return { ...base, ...ofThisLa, name: 'ContactPoint (this node)', organisation: thisLa.name };
  if (row.actorRole === 'anonymous') return { ...base, ...ofThisLa, name: null, organisation: null };
  const name = names.get(row.actorId) ?? null;
  return { ...base, ...ofThisLa, name, organisation: name === null ? null : thisLa.name };
}

export function accessEventOf(
  row: AccessRow,
  names: ReadonlyMap<string, string>,
  thisLa: ThisLa,
): AccessEvent {
  return {
    sequence: row.sequence,
    occurredAt: row.occurredAt.toISOString(),
    kind: accessKindOf(row),
    action: row.action,
    outcome: row.outcome,
    reason: row.reason,
    correlationId: row.correlationId,
    user: accessUserOf(row, names, thisLa),
  };
}

/** This LA's user ids among the rows (the ones its users table can name). */
export function localUserIds(rows: AccessRow[], thisLa: ThisLa): string[] {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids = rows
    .filter((row) => (row.actorLa === null || row.actorLa === thisLa.code) && uuid.test(row.actorId))
    .map((row) => row.actorId);
  return [...new Set(ids)];
}
