import { MAX_SEARCH_ROUTE_LAS } from '@cp/contract';
import type { LocatorMatch } from '../locator-index/locator-lookup';

export interface RouteCandidate {
  laCode: string;
  /** Entries at that LA that met the lookup rule. */
  entries: number;
  identifierMatch: boolean;
  /** The most query tokens one of its entries shares. */
  bestMatchedTokens: number;
  /** The most evidence one of its entries has (weighted distinct token groups, as the lookup counts). */
  bestEvidence: number;
}

/** What an identifier match is worth beside name evidence: more than every name group together. */
export const IDENTIFIER_EVIDENCE = 16;

/**
 * How far below the strongest LA's evidence another LA may be and still be asked. One group: an entry
 * that misses the strongest one by a single piece of evidence (a name's code, the date with a name) may be
 * the child with one more mistake in the query, so it is asked; an entry missing two or more is another
 * child beside a closer one, so it is not.
 */
export const ROUTE_EVIDENCE_MARGIN = 1;

/** An LA's strength for the cut: its best entry's evidence, and an identifier above all name evidence. */
export function strengthOf(candidate: RouteCandidate): number {
  return candidate.bestEvidence + (candidate.identifierMatch ? IDENTIFIER_EVIDENCE : 0);
}

/**
 * The LAs that may hold the child, strongest first: an identifier match, then the LA's best single entry
 * (the most evidence, then the most tokens shared), then its number of entries. Ranking by an LA's best
 * entry rather than its count of entries keeps the LA holding the one close match ahead of LAs holding many
 * loose ones.
 */
export function candidateLasByStrength(matches: LocatorMatch[]): RouteCandidate[] {
  const byLa = new Map<string, RouteCandidate>();
  for (const match of matches) {
    const current = byLa.get(match.laCode) ?? {
      laCode: match.laCode,
      entries: 0,
      identifierMatch: false,
      bestMatchedTokens: 0,
      bestEvidence: 0,
    };
    current.entries += 1;
    current.identifierMatch ||= match.identifierMatch;
    current.bestMatchedTokens = Math.max(current.bestMatchedTokens, match.matchedTokens);
    current.bestEvidence = Math.max(current.bestEvidence, match.evidence);
    byLa.set(match.laCode, current);
  }
  return [...byLa.values()].sort(
    (a, b) =>
      strengthOf(b) - strengthOf(a) ||
      b.bestMatchedTokens - a.bestMatchedTokens ||
      b.entries - a.entries ||
      a.laCode.localeCompare(b.laCode),
  );
}

/**
 * The LAs a search is sent to: every LA with an identifier match, and those whose best entry's name evidence
 * is within ROUTE_EVIDENCE_MARGIN of the best anywhere (candidateLasByStrength order), at most
 * MAX_SEARCH_ROUTE_LAS. The weaker LAs hold only entries that agree with the query less than another LA's
 * entry does, by two pieces of evidence or more; asking them sends the practitioner's criteria to LAs that
 * almost never hold the child (bench:matching and bench:search count them). An identifier match does not
 * silence the name evidence: a valid but wrong NHS number (another child's) still leaves the LA whose entry
 * agrees best on names and date asked.
 */
export function lasToAsk(
  ranked: readonly RouteCandidate[],
  margin = ROUTE_EVIDENCE_MARGIN,
  most = MAX_SEARCH_ROUTE_LAS,
): RouteCandidate[] {
  if (ranked.length === 0) return [];
  const floor = Math.max(...ranked.map((candidate) => candidate.bestEvidence)) - margin;
  return ranked
    .filter((candidate) => candidate.identifierMatch || candidate.bestEvidence >= floor)
    .slice(0, most);
}
