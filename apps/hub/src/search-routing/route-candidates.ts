import type { LocatorMatch } from '../locator-index/locator-lookup';

export interface RouteCandidate {
  laCode: string;
  /** Entries at that LA that met the lookup rule. */
  entries: number;
  identifierMatch: boolean;
  /** The most query tokens one of its entries shares. */
  bestMatchedTokens: number;
}

/**
 * The LAs to route to, strongest first: an identifier match, then the LA's best single entry (the most
 * tokens shared), then its number of entries. Ranking by an LA's best entry rather than its count of
 * entries keeps the LA holding the one close match ahead of LAs holding many loose ones, so the cut at
 * MAX_SEARCH_ROUTE_LAS drops the loose ones.
 */
export function candidateLasByStrength(matches: LocatorMatch[]): RouteCandidate[] {
  const byLa = new Map<string, RouteCandidate>();
  for (const match of matches) {
    const current = byLa.get(match.laCode) ?? {
      laCode: match.laCode,
      entries: 0,
      identifierMatch: false,
      bestMatchedTokens: 0,
    };
    current.entries += 1;
    current.identifierMatch ||= match.identifierMatch;
    current.bestMatchedTokens = Math.max(current.bestMatchedTokens, match.matchedTokens);
    byLa.set(match.laCode, current);
  }
  return [...byLa.values()].sort(
    (a, b) =>
      Number(b.identifierMatch) - Number(a.identifierMatch) ||
      b.bestMatchedTokens - a.bestMatchedTokens ||
      b.entries - a.entries ||
      a.laCode.localeCompare(b.laCode),
  );
}
