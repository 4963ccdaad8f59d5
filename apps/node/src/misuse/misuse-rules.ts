/**
 * The misuse review's rules, as pure functions over audit rows. Flags carry ids, sequences and counts only:
 * the review points an auditor at audit entries; it never copies a child's details.
 */
import { RECORD_ACTIONS } from '../audit/audit-entry.entity';

export interface ReviewRow {
  sequence: number;
  actorId: string;
  actorRole: string;
  /** The LA a cross-boundary request came from (the answering side); null or absent for this LA's users. */
  actorLa?: string | null;
  action: string;
  outcome: string;
  occurredAt: Date;
  childId: string | null;
  disclosedChildIds: string[];
  detail: Record<string, unknown>;
}

export const MISUSE_RULES = [
  'views-per-day',
  'outside-working-hours',
  'shielded-record-view',
  'search-without-follow-up',
  'shared-surname',
  'rate-limited',
  'cross-boundary-per-day',
] as const;
export type MisuseRule = (typeof MISUSE_RULES)[number];

export interface MisuseFlag {
  rule: MisuseRule;
  userId: string;
  /** For another LA's user (a cross-boundary search this node answered): their LA's code. */
  la?: string;
  /** The audit entries behind the flag. */
  sequences: number[];
  childIds: string[];
  count: number;
  /** For per-day rules: the local date, YYYY-MM-DD. */
  day?: string;
}

export interface ReviewPolicy {
  viewsPerDayThreshold: number;
  workingHoursStart: number;
  workingHoursEnd: number;
  timeZone: string;
  searchFollowUpMinutes: number;
}

/** Actions that touch a child's record (and so count for the working-hours rule). */
const RECORD_ACTION_SET = new Set<string>(RECORD_ACTIONS);
const FOLLOW_UP_ACTIONS = new Set(['record.view', 'involvement.add']);

/** Only people are reviewed: the node's own actions and anonymous refusals are not a user's behaviour. */
function byPerson(row: ReviewRow): boolean {
  return row.outcome === 'allowed' && row.actorRole !== 'system' && row.actorRole !== 'anonymous';
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(date: Date, timeZone: string): { day: string; hour: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/** Another LA's user is told apart by their LA too: user ids are only unique within an LA. */
function userKey(row: ReviewRow): string {
  return row.actorLa ? `${row.actorLa}|${row.actorId}` : row.actorId;
}

function laOf(row: ReviewRow): { la?: string } {
  return row.actorLa ? { la: row.actorLa } : {};
}

function flagsByUser(rule: MisuseRule, rows: ReviewRow[]): MisuseFlag[] {
  const groups = new Map<string, ReviewRow[]>();
  for (const row of rows) groups.set(userKey(row), [...(groups.get(userKey(row)) ?? []), row]);
  return [...groups.values()].map((group) => ({
    rule,
    userId: group[0].actorId,
    ...laOf(group[0]),
    sequences: group.map((row) => row.sequence),
    childIds: [...new Set(group.flatMap(childIdsOf))],
    count: group.length,
  }));
}

/** The records an entry is about: its child, or for a cross-boundary search the children it disclosed. */
function childIdsOf(row: ReviewRow): string[] {
  if (row.childId) return [row.childId];
  return isCrossBoundarySearch(row) ? row.disclosedChildIds : [];
}

export function unusualViewCounts(rows: ReviewRow[], policy: ReviewPolicy): MisuseFlag[] {
  const groups = new Map<string, { userId: string; day: string; rows: ReviewRow[] }>();
  for (const row of rows.filter((r) => byPerson(r) && r.action === 'record.view')) {
    const day = localParts(row.occurredAt, policy.timeZone).day;
    const key = `${row.actorId}|${day}`;
    const group = groups.get(key) ?? { userId: row.actorId, day, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((group) => group.rows.length > policy.viewsPerDayThreshold)
    .map((group) => ({
      rule: 'views-per-day' as const,
      userId: group.userId,
      day: group.day,
      sequences: group.rows.map((row) => row.sequence),
      childIds: [...new Set(group.rows.flatMap((row) => (row.childId ? [row.childId] : [])))],
      count: group.rows.length,
    }));
}

export function isWithinWorkingHours(date: Date, policy: ReviewPolicy): boolean {
  const { hour } = localParts(date, policy.timeZone);
  return hour >= policy.workingHoursStart && hour < policy.workingHoursEnd;
}

export function accessOutsideWorkingHours(rows: ReviewRow[], policy: ReviewPolicy): MisuseFlag[] {
  return flagsByUser(
    'outside-working-hours',
    rows.filter(
      (r) => byPerson(r) && RECORD_ACTION_SET.has(r.action) && !isWithinWorkingHours(r.occurredAt, policy),
    ),
  );
}

export function shieldedRecordViews(rows: ReviewRow[]): MisuseFlag[] {
  return flagsByUser(
    'shielded-record-view',
    rows.filter((r) => byPerson(r) && r.action === 'record.view' && r.detail.shielded === true),
  );
}

/** A search of other LAs (`cross-boundary`, at the asking node) or this node's answer to one. */
export function isCrossBoundarySearch(row: ReviewRow): boolean {
  return (
    row.action === 'record.search' &&
    (row.detail.scope === 'cross-boundary' || row.detail.scope === 'cross-boundary-answer')
  );
}

/**
 * Searches that disclosed records but were followed by no view or involvement by the same user within the
 * window: the pattern of someone browsing results. A search that found nothing disclosed nothing.
 * A cross-boundary search is not one of them, at either end: what it discloses (who is involved and how to
 * reach them) is all there is, no record of another LA can be viewed, and the answering LA's entry names
 * the other LA's user, who never acts here. Those are counted by `crossBoundaryPerDay` instead (the
 * asking LA's own local results are a local search entry of their own, judged here as usual).
 * `rows` must include the window after the review period, so late follow-ups are seen.
 */
export function searchesWithoutFollowUp(
  rows: ReviewRow[],
  policy: ReviewPolicy,
  periodEnd: Date,
): MisuseFlag[] {
  const windowMs = policy.searchFollowUpMinutes * 60_000;
  const followUpsByUser = new Map<string, ReviewRow[]>();
  for (const row of rows.filter((r) => byPerson(r) && FOLLOW_UP_ACTIONS.has(r.action))) {
    followUpsByUser.set(row.actorId, [...(followUpsByUser.get(row.actorId) ?? []), row]);
  }
  const lonely = rows.filter(
    (search) =>
      byPerson(search) &&
      search.action === 'record.search' &&
      !isCrossBoundarySearch(search) &&
      search.disclosedChildIds.length > 0 &&
      search.occurredAt.getTime() < periodEnd.getTime() &&
      !(followUpsByUser.get(search.actorId) ?? []).some(
        (next) =>
          next.sequence > search.sequence &&
          next.occurredAt.getTime() - search.occurredAt.getTime() <= windowMs,
      ),
  );
  return flagsByUser('search-without-follow-up', lonely);
}

/** Pairs found by the database (a view whose child has the viewer's family name), grouped by user. */
export function sharedSurnameViews(
  pairs: { sequence: number; actorId: string; childId: string }[],
): MisuseFlag[] {
  return flagsByUser(
    'shared-surname',
    pairs.map((pair) => ({
      sequence: pair.sequence,
      actorId: pair.actorId,
      actorRole: 'practitioner',
      action: 'record.view',
      outcome: 'allowed',
      occurredAt: new Date(0),
      childId: pair.childId,
      disclosedChildIds: [],
      detail: {},
    })),
  );
}

/**
 * Users refused by a per-user rate limit (anti-trawl): a person searching or viewing faster than the
 * limits allow is named, with the refusals behind it (their routes are in the audit entries).
 */
export function rateLimitedUsers(rows: ReviewRow[]): MisuseFlag[] {
  return flagsByUser(
    'rate-limited',
    rows.filter(
      (r) =>
        r.outcome === 'refused' &&
        r.action === 'access.refused' &&
        r.detail.reason === 'rate-limited' &&
        r.actorRole !== 'system' &&
        r.actorRole !== 'anonymous',
    ),
  );
}

/**
 * Cross-boundary searches that disclosed children, more in a local day than the views threshold, per user:
 * at the asking LA, its user's searches of other LAs; at an answering LA, another LA's user (named with
 * their LA) whose queries this node answered with matches. A disclosure across the boundary stands in for
 * a view, so the same threshold applies.
 */
export function crossBoundaryPerDay(rows: ReviewRow[], policy: ReviewPolicy): MisuseFlag[] {
  const groups = new Map<string, { day: string; rows: ReviewRow[] }>();
  for (const row of rows.filter(
    (r) => byPerson(r) && isCrossBoundarySearch(r) && r.disclosedChildIds.length > 0,
  )) {
    const day = localParts(row.occurredAt, policy.timeZone).day;
    const key = `${userKey(row)}|${day}`;
    const group = groups.get(key) ?? { day, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .filter((group) => group.rows.length > policy.viewsPerDayThreshold)
    .map((group) => ({
      rule: 'cross-boundary-per-day' as const,
      userId: group.rows[0].actorId,
      ...laOf(group.rows[0]),
      day: group.day,
      sequences: group.rows.map((row) => row.sequence),
      childIds: [...new Set(group.rows.flatMap((row) => row.disclosedChildIds))],
      count: group.rows.length,
    }));
}
