import { TOKEN_KIND_CODES } from '@cp/contract';
import { MIN_NAME_YEAR_MATCHES, type LocatorToken } from '@cp/locator';
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
 * or at least MIN_NAME_YEAR_MATCHES distinct name-year tokens, strongest first. Served by an index-only
 * scan of locator_token_lookup per token.
 */
export const LOOKUP_SQL = `
  SELECT la_code AS "laCode", child_id AS "childId", count(*)::int AS "matchedTokens",
         bool_or(kind <> ${TOKEN_KIND_CODES['name-year']}) AS "identifierMatch"
    FROM locator_token
   WHERE token = ANY($1::bigint[]) AND ($2::text IS NULL OR la_code <> $2::text)
   GROUP BY la_code, child_id
  HAVING bool_or(kind <> ${TOKEN_KIND_CODES['name-year']})
      OR count(*) FILTER (WHERE kind = ${TOKEN_KIND_CODES['name-year']}) >= $3::int
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

/** The statement's parameters; refuses input that could not come from a real query. */
export function lookupParameters(tokens: LocatorToken[], options: LookupOptions): unknown[] {
  if (tokens.length > MAX_LOOKUP_TOKENS) throw new RangeError(`At most ${MAX_LOOKUP_TOKENS} tokens`);
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_LOOKUP_LIMIT)
    throw new RangeError(`limit must be 1..${MAX_LOOKUP_LIMIT}`);
  const values = [...new Set(tokens.map((token) => token.value))];
  for (const value of values) {
    if (!isInt64(value)) throw new RangeError('A token must be a signed 64-bit integer');
  }
  return [values, options.excludeLa ?? null, MIN_NAME_YEAR_MATCHES, options.limit];
}
