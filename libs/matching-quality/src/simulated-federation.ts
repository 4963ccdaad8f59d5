import { createHash } from 'node:crypto';
import { MAX_ANSWER_RESULTS, MAX_SEARCH_ROUTE_LAS } from '@cp/contract';
import { normaliseNhsNumber, normalisePostcode, normaliseUpn } from '@cp/identifiers';
import {
  locatorMaterial,
  locatorQueryTokens,
  locatorTokens,
  MIN_NAME_YEAR_GROUPS,
  MIN_NAME_YEAR_MATCHES,
} from '@cp/locator';
import {
  BLOCKING_KEY_KINDS,
  blockingKeys,
  MATCH_THRESHOLD,
  preparePerson,
  scorePrepared,
  type PersonFields,
  type PreparedPerson,
} from '@cp/matching';
import type { PoolChild, SearchQuery } from '@cp/synthetic';

/**
 * The federation's search pipeline over an in-memory pool, rule for rule, so matching quality is measured
 * on what a practitioner would get: the hub's locator lookup (apps/hub/src/locator-index/locator-lookup.ts,
 * limit and LA cut as in apps/hub/src/search-routing/search-routing.service.ts),
 * each node's blocking-key candidate search and scoring (apps/node/src/search/search.service.ts), and a
 * merge by score. It stands in for PostgreSQL and NATS only; the rules and libraries are the real ones.
 */

/** apps/node/src/search/search.service.ts CANDIDATE_CAP. */
export const NODE_CANDIDATE_CAP = 500;
/** apps/node/src/config/node-settings.ts SEARCH_RESULT_CAP default, and the contract's answer cap. */
export const NODE_RESULT_CAP = Math.min(20, MAX_ANSWER_RESULTS);
/** MAX_LOOKUP_LIMIT in apps/hub/src/locator-index/locator-lookup.ts, which the hub's routing passes. */
export const HUB_LOOKUP_LIMIT = 1000;

/** A fixed test key: tokens only need to be equal for equal material, as under the federation's key. */
const TOKEN_KEY = createHash('sha256').update('matching-quality test token key').digest();

export interface SearchHit {
  childId: string;
  laCode: string;
  score: number;
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

/** The node's personFieldsOfChild: every field matching uses. */
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

function present(value: string | undefined): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}

/** Local search's minimum (apps/node/src/search/minimum-criteria.ts). */
export function meetsLocalMinimum(query: SearchQuery): boolean {
  if (present(query.nhsNumber) || present(query.upn)) return true;
  if (!present(query.familyName)) return false;
  return present(query.dateOfBirth) || present(query.givenName);
}

/** Cross-boundary minimum: an identifier, or a family name with a date of birth. */
export function meetsCrossBoundaryMinimum(query: SearchQuery): boolean {
  if (present(query.nhsNumber) || present(query.upn)) return true;
  return present(query.familyName) && present(query.dateOfBirth);
}

interface IndexedChild {
  id: string;
  laCode: string;
  prepared: PreparedPerson;
}

/** One LA's node: its child_search_key rows as an in-memory index from (kind, key) to children. */
export class SimulatedNode {
  private readonly children: IndexedChild[] = [];
  private readonly byKey = new Map<string, number[]>();

  constructor(readonly laCode: string) {}

  add(child: PoolChild): void {
    const fields = personFieldsOfChild(child);
    const index =
      this.children.push({ id: child.id, laCode: child.laCode, prepared: preparePerson(fields) }) - 1;
    const keys = blockingKeys(fields);
    for (const kind of BLOCKING_KEY_KINDS) {
      for (const key of new Set(keys[kind])) {
        const rowKey = `${kind}\u0000${key}`;
        const rows = this.byKey.get(rowKey);
        if (rows) rows.push(index);
        else this.byKey.set(rowKey, [index]);
      }
    }
  }

  /** Children sharing any blocking key with the query, those sharing most first, up to the cap. */
  candidates(query: PersonFields): IndexedChild[] {
    const keys = blockingKeys(query);
    const shared = new Map<number, number>();
    for (const kind of BLOCKING_KEY_KINDS) {
      for (const key of new Set(keys[kind])) {
        for (const index of this.byKey.get(`${kind}\u0000${key}`) ?? []) {
          shared.set(index, (shared.get(index) ?? 0) + 1);
        }
      }
    }
    return [...shared]
      .sort(
        ([a, countA], [b, countB]) => countB - countA || compareIds(this.children[a].id, this.children[b].id),
      )
      .slice(0, NODE_CANDIDATE_CAP)
      .map(([index]) => this.children[index]);
  }

  /** Candidates scored, those at or above the threshold ranked and capped: the node's answer. */
  search(query: PersonFields): SearchHit[] {
    const prepared = preparePerson(query);
    const hits: SearchHit[] = [];
    for (const child of this.candidates(query)) {
      const { score } = scorePrepared(prepared, child.prepared);
      if (score >= MATCH_THRESHOLD) hits.push({ childId: child.id, laCode: child.laCode, score });
    }
    return rankHits(hits).slice(0, NODE_RESULT_CAP);
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Highest score first; equal scores in id order (the node's ORDER BY). */
export function rankHits(hits: SearchHit[]): SearchHit[] {
  return hits.sort((a, b) => b.score - a.score || compareIds(a.childId, b.childId));
}

interface TokenPostings {
  identifier: boolean;
  entries: number[];
}

/** The hub's locator index: keyed tokens per child, and the lookup rule that picks the LAs to ask. */
export class SimulatedHub {
  private readonly entries: { laCode: string; childId: string }[] = [];
  private readonly byToken = new Map<string, TokenPostings>();
  /** Tokens stored over all entries, and the most one entry has (the index's size, for the record). */
  tokensStored = 0;
  mostTokensPerEntry = 0;

  get entryCount(): number {
    return this.entries.length;
  }

  add(child: PoolChild): void {
    const entry = this.entries.push({ laCode: child.laCode, childId: child.id }) - 1;
    const tokens = locatorTokens(locatorMaterial(personFieldsOfChild(child)), TOKEN_KEY);
    this.tokensStored += tokens.length;
    this.mostTokensPerEntry = Math.max(this.mostTokensPerEntry, tokens.length);
    for (const token of tokens) {
      const postings = this.byToken.get(token.value);
      if (postings) postings.entries.push(entry);
      else this.byToken.set(token.value, { identifier: token.kind !== 'name-year', entries: [entry] });
    }
  }

  /**
   * LOOKUP_SQL then CANDIDATE_LAS_SQL: entries with an identifier token, or name-year tokens from enough
   * distinct query token groups (lookupParameters: MIN_NAME_YEAR_GROUPS, fewer if the query has fewer).
   */
  route(query: PersonFields, askingLa: string): string[] {
    const matched = new Map<
      number,
      { tokens: number; nameYear: number; groups: Set<number>; identifier: boolean }
    >();
    const queryTokens = locatorQueryTokens(query, TOKEN_KEY);
    const queryGroups = new Set(queryTokens.filter((t) => t.kind === 'name-year').map((t) => t.group));
    const requiredGroups = Math.max(1, Math.min(MIN_NAME_YEAR_GROUPS, queryGroups.size));
    for (const token of queryTokens) {
      const postings = this.byToken.get(token.value);
      if (!postings) continue;
      for (const entry of postings.entries) {
        if (this.entries[entry].laCode === askingLa) continue;
        const counts = matched.get(entry) ?? { tokens: 0, nameYear: 0, groups: new Set(), identifier: false };
        counts.tokens += 1;
        if (postings.identifier) counts.identifier = true;
        else {
          counts.nameYear += 1;
          counts.groups.add(token.group ?? 0);
        }
        matched.set(entry, counts);
      }
    }
    const qualifying = [...matched]
      .filter(
        ([, counts]) =>
          counts.identifier ||
          (counts.groups.size >= requiredGroups && counts.nameYear >= MIN_NAME_YEAR_MATCHES),
      )
      .sort(([a, x], [b, y]) => Number(y.identifier) - Number(x.identifier) || y.tokens - x.tokens || a - b)
      .slice(0, HUB_LOOKUP_LIMIT);
    const byLa = new Map<string, { entries: number; identifier: boolean; best: number }>();
    for (const [entry, counts] of qualifying) {
      const la = byLa.get(this.entries[entry].laCode) ?? { entries: 0, identifier: false, best: 0 };
      la.entries += 1;
      la.identifier ||= counts.identifier;
      la.best = Math.max(la.best, counts.tokens);
      byLa.set(this.entries[entry].laCode, la);
    }
    // The hub's order (apps/hub/src/search-routing/route-candidates.ts: an identifier match, then the LA's
    // closest single entry, then its number of entries), then its cut at MAX_SEARCH_ROUTE_LAS.
    return [...byLa]
      .sort(
        ([a, x], [b, y]) =>
          Number(y.identifier) - Number(x.identifier) ||
          y.best - x.best ||
          y.entries - x.entries ||
          compareIds(a, b),
      )
      .slice(0, MAX_SEARCH_ROUTE_LAS)
      .map(([laCode]) => laCode);
  }
}

export interface FederatedAnswer {
  /** Local and remote hits merged, highest score first. */
  hits: SearchHit[];
  /** The LAs the hub forwarded the query to. */
  routedLas: string[];
  /** The query did not meet the cross-boundary minimum (the practitioner gets a 400). */
  refused: boolean;
}

/** Every LA's node plus the hub: a practitioner's search from one LA, as the federation runs it. */
export class SimulatedFederation {
  readonly hub = new SimulatedHub();
  private readonly nodes = new Map<string, SimulatedNode>();

  constructor(pool: readonly PoolChild[]) {
    for (const child of pool) {
      let node = this.nodes.get(child.laCode);
      if (!node) this.nodes.set(child.laCode, (node = new SimulatedNode(child.laCode)));
      node.add(child);
      this.hub.add(child);
    }
  }

  node(laCode: string): SimulatedNode | undefined {
    return this.nodes.get(laCode);
  }

  /**
   * apps/node/src/cross-boundary-search/search-requester.service.ts: refused below the cross-boundary
   * minimum (which implies the local one); the asking LA's local search plus the routed LAs' answers,
   * merged by score, then LA, then id.
   */
  search(query: SearchQuery, askingLa: string): FederatedAnswer {
    if (!meetsCrossBoundaryMinimum(query)) return { hits: [], routedLas: [], refused: true };
    const fields = personFieldsOfQuery(query);
    const hits = meetsLocalMinimum(query) ? (this.nodes.get(askingLa)?.search(fields) ?? []) : [];
    const routedLas = this.hub.route(fields, askingLa);
    for (const laCode of routedLas) hits.push(...(this.nodes.get(laCode)?.search(fields) ?? []));
    hits.sort(
      (a, b) => b.score - a.score || compareIds(a.laCode, b.laCode) || compareIds(a.childId, b.childId),
    );
    return { hits, routedLas, refused: false };
  }
}
