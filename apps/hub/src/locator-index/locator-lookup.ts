import { TOKEN_KIND_CODES } from '@cp/contract';
import {
  MIN_ROUTING_EVIDENCE,
  QUERY_GROUP_WEIGHTS,
  QUERY_TOKEN_GROUPS,
  queryGroupWeight,
  type LocatorToken,
} from '@cp/locator';
import { isInt64 } from './index-event';

/** One entry a lookup found: where a possible match is held, and how strongly the tokens agree. */
export interface LocatorMatch {
  laCode: string;
  childId: string;
  /** Distinct query tokens the entry shares. */
  matchedTokens: number;
  /** True when an NHS number or UPN token matched. */
  identifierMatch: boolean;
  /** The weights of the distinct query token groups its name tokens meet (see MIN_ROUTING_EVIDENCE). */
  evidence: number;
}

export interface CandidateLa {
  laCode: string;
  /** Entries at that LA that met the lookup rule (up to the limit). */
  entries: number;
  identifierMatch: boolean;
}

export interface LookupOptions {
  /** The asking LA: its own entries are left out (it searches locally). */
  excludeLa?: string;
  /** The most entries returned. */
  limit: number;
}

const NAME = TOKEN_KIND_CODES['name-year'];
/** The one group worth two (both names with most of the date); the SQL below adds it once more. */
const DOUBLE_GROUP = QUERY_TOKEN_GROUPS.namesWithPartDate;
if (QUERY_GROUP_WEIGHTS[DOUBLE_GROUP] !== 2 || Object.keys(QUERY_GROUP_WEIGHTS).length !== 1)
  throw new Error('LOOKUP_SQL knows one group of weight two: update it with QUERY_GROUP_WEIGHTS');

/**
 * The lookup as one SQL statement (the bench runs exactly this text): entries sharing an identifier token,
 * or whose name tokens meet query token groups worth at least $3 (MIN_ROUTING_EVIDENCE: each distinct
 * group one, the both-names-with-part-of-the-date group two), strongest first: an identifier, then that
 * evidence, then the tokens shared. Served by an index-only scan of locator_token_lookup per token; the
 * groups ($5, one per token) only label the matched rows.
 */
export const LOOKUP_SQL = `
  SELECT t.la_code AS "laCode", t.child_id AS "childId", count(*)::int AS "matchedTokens",
         bool_or(t.kind <> ${NAME}) AS "identifierMatch",
         (count(DISTINCT q.token_group) FILTER (WHERE t.kind = ${NAME})
          + count(DISTINCT q.token_group) FILTER (WHERE t.kind = ${NAME} AND q.token_group = ${DOUBLE_GROUP}))::int
           AS evidence
    FROM locator_token t
    JOIN unnest($1::bigint[], $5::int[]) AS q(token, token_group) ON q.token = t.token
   WHERE t.token = ANY($1::bigint[]) AND ($2::text IS NULL OR t.la_code <> $2::text)
   GROUP BY t.la_code, t.child_id
  HAVING bool_or(t.kind <> ${NAME})
      OR count(DISTINCT q.token_group) FILTER (WHERE t.kind = ${NAME})
         + count(DISTINCT q.token_group) FILTER (WHERE t.kind = ${NAME} AND q.token_group = ${DOUBLE_GROUP})
         >= $3::int
   ORDER BY 4 DESC, 5 DESC, 3 DESC, 1, 2
   LIMIT $4::int`;

/** The candidate LAs of a lookup, in one statement over the same rule. */
export const CANDIDATE_LAS_SQL = `
  SELECT "laCode", count(*)::int AS entries, bool_or("identifierMatch") AS "identifierMatch"
    FROM (${LOOKUP_SQL}) matches
   GROUP BY "laCode"
   ORDER BY 3 DESC, 2 DESC, 1`;

export const MAX_LOOKUP_TOKENS = 256;
export const MAX_LOOKUP_LIMIT = 1000;

/**
 * The statement's parameters; refuses input that could not come from a real query. A token without a
 * group is its own group of weight one (a node that does not send groups gets the older rule: distinct
 * tokens). The evidence required is MIN_ROUTING_EVIDENCE, or less when the query's name tokens could not
 * give that much.
 */
export function lookupParameters(tokens: LocatorToken[], options: LookupOptions): unknown[] {
  if (tokens.length > MAX_LOOKUP_TOKENS) throw new RangeError(`At most ${MAX_LOOKUP_TOKENS} tokens`);
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_LOOKUP_LIMIT)
    throw new RangeError(`limit must be 1..${MAX_LOOKUP_LIMIT}`);
  const groupOf = new Map<string, number>();
  const nameYearGroups = new Set<number>();
  tokens.forEach((token, position) => {
    if (!isInt64(token.value)) throw new RangeError('A token must be a signed 64-bit integer');
    const group = token.group ?? MAX_LOOKUP_TOKENS + position;
    if (!Number.isInteger(group) || group < 0 || group >= 2 * MAX_LOOKUP_TOKENS)
      throw new RangeError('A token group must be a small non-negative integer');
    if (groupOf.has(token.value)) return;
    groupOf.set(token.value, group);
    if (token.kind === 'name-year') nameYearGroups.add(group);
  });
  const possible = [...nameYearGroups].reduce((sum, group) => sum + queryGroupWeight(group), 0);
  const required = Math.max(1, Math.min(MIN_ROUTING_EVIDENCE, possible));
  return [[...groupOf.keys()], options.excludeLa ?? null, required, options.limit, [...groupOf.values()]];
}
