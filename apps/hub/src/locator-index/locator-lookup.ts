import { TOKEN_KIND_CODES } from '@cp/contract';
import { MIN_NAME_YEAR_GROUPS, MIN_NAME_YEAR_MATCHES, type LocatorToken } from '@cp/locator';
import { isInt64 } from './index-event';

/** One entry a lookup found: where a possible match is held, and how strongly the tokens agree. */
export interface LocatorMatch {
  laCode: string;
  childId: string;
  /** Distinct query tokens the entry shares. */
  matchedTokens: number;
  /** True when an NHS number or UPN token matched. */
  identifierMatch: boolean;
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

/**
 * The lookup as one SQL statement (the bench runs exactly this text): entries sharing an identifier token,
 * or name-year tokens from at least $3 distinct query token groups (and at least MIN_NAME_YEAR_MATCHES
 * tokens), strongest first. Served by an index-only scan of locator_token_lookup per token; the groups
 * ($5, one per token) only label the matched rows.
 */
export const LOOKUP_SQL = `
  SELECT t.la_code AS "laCode", t.child_id AS "childId", count(*)::int AS "matchedTokens",
         bool_or(t.kind <> ${TOKEN_KIND_CODES['name-year']}) AS "identifierMatch"
    FROM locator_token t
    JOIN unnest($1::bigint[], $5::int[]) AS q(token, token_group) ON q.token = t.token
   WHERE t.token = ANY($1::bigint[]) AND ($2::text IS NULL OR t.la_code <> $2::text)
   GROUP BY t.la_code, t.child_id
  HAVING bool_or(t.kind <> ${TOKEN_KIND_CODES['name-year']})
      OR (count(DISTINCT q.token_group) FILTER (WHERE t.kind = ${TOKEN_KIND_CODES['name-year']}) >= $3::int
          AND count(*) FILTER (WHERE t.kind = ${TOKEN_KIND_CODES['name-year']}) >= ${MIN_NAME_YEAR_MATCHES})
   ORDER BY 4 DESC, 3 DESC, 1, 2
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
 * group is its own group (a node that does not send groups gets the older rule: distinct tokens). The
 * groups required are MIN_NAME_YEAR_GROUPS, or fewer when the query's name-year tokens have fewer groups.
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
  const required = Math.max(1, Math.min(MIN_NAME_YEAR_GROUPS, nameYearGroups.size));
  return [[...groupOf.keys()], options.excludeLa ?? null, required, options.limit, [...groupOf.values()]];
}
