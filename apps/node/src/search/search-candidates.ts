import { In, type EntityManager } from 'typeorm';
import { blockingKeys, type PersonFields } from '@cp/matching';
import { Child } from '../record-store/child.entity';
import { KEY_KINDS } from '../record-store/search-keys';

/** The most candidates one search scores: enough for typos in common names, bounded against trawling. */
export const CANDIDATE_CAP = 500;

/**
 * How much a shared key counts toward a candidate's place before the cap: an identifier most, the date of
 * birth and a name code joined to it ('SM0@2015-03-04') more than one name code or the postcode district.
 * A query with a slip in both names and no postcode shares only the date of birth with the child; in a large
 * LA thousands of children share one name code or district with it, and without the weights the child
 * would tie with them at one key and could fall past the cap.
 */
const KEY_WEIGHT_SQL = `sum(CASE WHEN kind IN ('nhs', 'upn') THEN 4 WHEN kind = 'dob' THEN 3
  WHEN strpos(key, '@') > 0 THEN 2 ELSE 1 END)`;

/**
 * Children sharing blocking keys with the query, those sharing most (by KEY_WEIGHT_SQL) first, up to
 * CANDIDATE_CAP. Local and cross-boundary search both select candidates with it; they differ only in their
 * minimum criteria.
 */
export async function searchCandidates(manager: EntityManager, query: PersonFields): Promise<Child[]> {
  const keys = blockingKeys(query);
  const clauses: string[] = [];
  const parameters: unknown[] = [];
  for (const kind of KEY_KINDS) {
    const values = [...new Set(keys[kind])];
    if (values.length === 0) continue;
    parameters.push(kind, values);
    clauses.push(`(kind = $${parameters.length - 1} AND key = ANY($${parameters.length}))`);
  }
  if (clauses.length === 0) return [];
  parameters.push(CANDIDATE_CAP);
  const rows: { child_id: string }[] = await manager.query(
    `SELECT child_id FROM child_search_key WHERE ${clauses.join(' OR ')}
     GROUP BY child_id ORDER BY ${KEY_WEIGHT_SQL} DESC, child_id LIMIT $${parameters.length}`,
    parameters,
  );
  if (rows.length === 0) return [];
  return manager.getRepository(Child).findBy({ id: In(rows.map((row) => row.child_id)) });
}
