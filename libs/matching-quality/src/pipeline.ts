import { normaliseNhsNumber, normalisePostcode, normaliseUpn } from '@cp/identifiers';
import type { PersonFields } from '@cp/matching';
import type { PoolChild, SearchQuery } from '@cp/synthetic';

/**
 * What a matching-quality run asks of the federation it measures: the whole search as a practitioner gets
 * it, and whether the target's node fetched the target as a candidate. bench/lib/matching-path.ts runs
 * both through the hub's lookup SQL and route selection and the node's candidate search in PostgreSQL.
 */
export interface SearchPipeline {
  /** A practitioner's cross-boundary search from `askingLa`: local and routed answers merged. */
  search(query: SearchQuery, askingLa: string): Promise<FederatedAnswer>;
  /** True when `laCode`'s node fetches `childId` as a candidate for the query (by blocking key). */
  isCandidate(laCode: string, query: SearchQuery, childId: string): Promise<boolean>;
}

export interface SearchHit {
  childId: string;
  laCode: string;
  score: number;
}

export interface FederatedAnswer {
  /** Local and remote hits merged, highest score first (then LA, then id). */
  hits: SearchHit[];
  /** The LAs the hub forwarded the query to. */
  routedLas: string[];
  /** The query did not meet the cross-boundary minimum (the practitioner gets a 400). */
  refused: boolean;
}

/** The node's personFieldsOf: trimmed names, normalised postcode and identifiers. */
export function personFieldsOfQuery(query: SearchQuery): PersonFields {
  return {
    ...(query.familyName ? { familyName: query.familyName.trim() } : {}),
    ...(query.givenName ? { givenName: query.givenName.trim() } : {}),
    ...(query.dateOfBirth ? { dateOfBirth: query.dateOfBirth } : {}),
    ...(query.gender ? { gender: query.gender } : {}),
    ...(query.postcode ? { postcode: normalisePostcode(query.postcode) } : {}),
    ...(query.nhsNumber ? { nhsNumber: normaliseNhsNumber(query.nhsNumber) } : {}),
    ...(query.upn ? { upn: normaliseUpn(query.upn) } : {}),
  };
}

/** Every field matching uses of a pool child, as the node stores it. */
export function personFieldsOfChild(child: PoolChild): PersonFields {
  const { record } = child;
  return {
    givenName: record.givenName,
    familyName: record.familyName,
    dateOfBirth: record.dateOfBirth,
    gender: record.gender,
    ...(record.otherNames ? { otherNames: record.otherNames } : {}),
    postcode: normalisePostcode(record.address.postcode),
    ...(record.nhsNumber ? { nhsNumber: normaliseNhsNumber(record.nhsNumber) } : {}),
    ...(record.upn ? { upn: normaliseUpn(record.upn) } : {}),
  };
}

/** Highest score first; equal scores by LA then id (the requester's merge). */
export function mergeHits(hits: SearchHit[]): SearchHit[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return hits.sort(
    (a, b) => b.score - a.score || compare(a.laCode, b.laCode) || compare(a.childId, b.childId),
  );
}
