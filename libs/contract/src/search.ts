import { hubRequestPattern, hubRequestSubject, laSubject } from './subjects';

/**
 * Cross-boundary search: a practitioner at LA A finds a child held at other LAs.
 *
 * Two round trips from A to the hub, then one from the hub to each candidate LA:
 *  1. `cp.v1.hub.<A>.search-route`: A sends locator tokens; the hub looks them up in its index and answers
 *     with a route id and each candidate LA's current certificate (never A's own LA).
 *  2. `cp.v1.hub.<A>.search-forward`: A sends, per candidate LA, a query sealed for that LA's certificate
 *     key and signed by A; the hub forwards each to `cp.v1.la.<B>.search` (only to the LAs of the route),
 *     waits up to its deadline, and answers with the sealed answers that arrived and the LAs that did not.
 * The hub reads tokens and LA codes; it cannot read a query or an answer (sealed for the other node).
 */
export const SEARCH_CONTRACT_VERSION = 1;
/**
 * Additions to version 1 that an answerer may not know yet, so `v` stays 1 and old nodes still answer:
 *  1 (issue 16): a sealed query names its requesting user (`requestingUser`: name and organisation), so the
 *    answering LA's auditors see who looked at their child. A query without it (minor 0) is answered as before.
 */
export const SEARCH_CONTRACT_MINOR_VERSION = 1;
/** The longest name or organisation a query may carry. */
export const MAX_REQUESTING_USER_TEXT = 200;

export const SEARCH_OPERATIONS = {
  route: 'search-route',
  forward: 'search-forward',
  query: 'search',
} as const;

export const SEARCH_MESSAGE_TYPES = {
  routeRequest: 'search-route-request',
  routeReply: 'search-route-reply',
  forwardRequest: 'search-forward-request',
  forwardReply: 'search-forward-reply',
  query: 'search-query',
  /** One signature over all of a forward's sealed queries (SearchQueryBundleBody). */
  queryBundle: 'search-query-bundle',
  answer: 'search-answer',
} as const;

/** The recipient a query bundle is signed for: the LAs of one route, each named by its box's digest. */
export const SEARCH_BUNDLE_RECIPIENT = 'route-las';

/** How long the hub waits for answering nodes by default (HubSettings.SEARCH_ANSWER_DEADLINE_MS). */
export const DEFAULT_SEARCH_DEADLINE_MS = 2000;
/** The most LAs one search is routed to: a search matching more is too vague to send everywhere. */
export const MAX_SEARCH_ROUTE_LAS = 25;
/** How long a route stays open for its forward request. */
export const SEARCH_ROUTE_TTL_MS = 30_000;
/** The most results one answering node returns. */
export const MAX_ANSWER_RESULTS = 20;

export function searchRouteSubject(laCode: string): string {
  return hubRequestSubject(laCode, SEARCH_OPERATIONS.route);
}

export function searchForwardSubject(laCode: string): string {
  return hubRequestSubject(laCode, SEARCH_OPERATIONS.forward);
}

export function searchRoutePattern(): string {
  return hubRequestPattern(SEARCH_OPERATIONS.route);
}

export function searchForwardPattern(): string {
  return hubRequestPattern(SEARCH_OPERATIONS.forward);
}

/** Where the hub delivers a sealed query to an LA's node (only that LA may subscribe). */
export function searchQuerySubject(laCode: string): string {
  return laSubject(laCode, SEARCH_OPERATIONS.query);
}

/** A sealed box (@cp/locator SealedMessage), as carried in envelopes. */
export interface SealedBody {
  [key: string]: string;
  recipientFingerprint: string;
  wrappedKey: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** 1. A -> hub. Keyed tokens only: no name, date or identifier. */
export interface SearchRouteRequestBody {
  [key: string]: string | number | { kind: string; value: string; group?: number }[];
  v: number;
  correlationId: string;
  /**
   * group: which evidence a token came from: 0 family name, 1 given name, 2 name with the full date,
   * 3 identifier, 4 both names with two of the date's three parts, 5/6 family/given spelling (or one
   * letter dropped) with the full date (docs/architecture.md, "Routing rule").
   */
  tokens: { kind: string; value: string; group?: number }[];
}

/** A candidate LA and the certificate its answers and queries are sealed with. */
export interface SearchRouteCandidate {
  [key: string]: string;
  laCode: string;
  certificatePem: string;
}

/** 1. hub -> A. An empty candidate list ends the search at the hub (its routing log still records it). */
export interface SearchRouteReplyBody {
  [key: string]: string | number | string[] | SearchRouteCandidate[];
  routeId: string;
  deadlineMs: number;
  candidates: SearchRouteCandidate[];
  /** Candidate LAs the index named that hold no usable certificate (revoked, expired): not asked. */
  unreachable: string[];
}

/**
 * A message signed by one node for another, relayed by the hub with the sender's certificate attached,
 * so the receiver can check the signature without trusting the hub (the certificate chains to the CA).
 */
export interface RelayedEnvelope {
  [key: string]: unknown;
  senderCertificatePem: string;
  /** A @cp/pki SignedEnvelope whose body is a SealedBody. */
  envelope: unknown;
}

/**
 * What A signs once for all the LAs of a forward (type 'search-query-bundle', recipient
 * SEARCH_BUNDLE_RECIPIENT): each sealed query named by its digest (@cp/locator sealedQueryDigest over the
 * receiving LA's code and the box), so each LA checks A's signature over its own box alone.
 */
export interface SearchQueryBundleBody {
  [key: string]: string | number | string[];
  v: number;
  routeId: string;
  /** Sorted; one per sealed query. */
  digests: string[];
}

/** The sealed queries of a bundle, each for one LA of the route. */
export interface SearchQueryBundle {
  [key: string]: unknown;
  /** A SignedEnvelope whose body is a SearchQueryBundleBody. */
  envelope: unknown;
  sealed: { laCode: string; sealed: SealedBody }[];
}

/**
 * 2. A -> hub: the sealed queries for the LAs of the route, either signed once for all of them (`bundle`,
 * what nodes send) or each signed on its own (`queries`, the first form, still relayed); an LA in both is
 * refused.
 */
export interface SearchForwardRequestBody {
  [key: string]: unknown;
  routeId: string;
  /** Each a SignedEnvelope (type 'search-query', recipient the LA) whose body is a SealedBody. */
  queries: { laCode: string; envelope: unknown }[];
  bundle?: SearchQueryBundle;
}

/** What the hub relays to an LA for a bundled query: A's signed bundle and that LA's sealed box only. */
export interface RelayedBundledQuery {
  [key: string]: unknown;
  senderCertificatePem: string;
  bundle: unknown;
  sealed: SealedBody;
}

/**
 * Why an LA of the route gave no answer: 'deadline' (nothing within the deadline), 'no-responder' (no node
 * listening), 'refused' (it sent a signed refusal), 'bad-answer' (an answer the hub could not attribute),
 * 'not-sent' (the asking node sent no query for it, or one the hub would not relay).
 */
export const UNANSWERED_REASONS = ['deadline', 'no-responder', 'refused', 'bad-answer', 'not-sent'] as const;
export type UnansweredReason = (typeof UNANSWERED_REASONS)[number];

/** 2. hub -> A: what arrived within the deadline, and who did not answer. */
export interface SearchForwardReplyBody {
  [key: string]: unknown;
  answers: ({ laCode: string } & RelayedEnvelope)[];
  unanswered: { laCode: string; reason: UnansweredReason }[];
}

/** What A seals for B (opened only at B). The sender LA is repeated inside, so B can tell it was not re-signed by another LA. */
export interface SealedSearchQuery {
  v: number;
  fromLa: string;
  toLa: string;
  correlationId: string;
  requestingUserId: string;
  requestingRole: string;
  /** Which additions of SEARCH_CONTRACT_MINOR_VERSION the query carries; absent means 0. */
  minor?: number;
  /** Since minor 1: who the requesting user is, as their own LA knows them (see RequestingUser). */
  requestingUser?: RequestingUser;
  reason: string;
  criteria: {
    familyName?: string;
    givenName?: string;
    dateOfBirth?: string;
    gender?: string;
    postcode?: string;
    nhsNumber?: string;
    upn?: string;
  };
  /**
   * A fresh AES-256 key (base64, 32 bytes) for this LA's answer, made by the asker for this query only:
   * the answer is sealed under it, so the asker opens it without an RSA operation. Inside the sealed
   * query, so the hub never sees it.
   */
  replyKey?: string;
}

export interface CrossBoundaryContact {
  telephone?: string;
  email?: string;
}

export interface CrossBoundaryInvolvement {
  practitionerName: string;
  role: string;
  organisation: string;
  serviceType: string;
  contact: CrossBoundaryContact;
  startDate: string;
  endDate: string | null;
  current: boolean;
  hasInformationToShare: boolean;
  assessment: { type: string; date: string } | null;
  isLeadProfessional: boolean;
}

/** One match as B discloses it to A: the practitioners involved and how to reach them. */
export interface CrossBoundaryMatch {
  id: string;
  laCode: string;
  shielded: boolean;
  score: number;
  grade: string;
  matchedOn: string[];
  child: { givenName: string; familyName: string; dateOfBirth: string; age: number; gender: string };
  /** Absent for a shielded child (only its shielded view travels). */
  involvements?: CrossBoundaryInvolvement[];
  leadProfessional?: CrossBoundaryInvolvement | null;
  /** Present only for a shielded child: the team that brokers contact. */
  shieldingTeam?: { name: string; telephone: string; email: string };
}

/** What B seals for A. */
export interface SealedSearchAnswer {
  v: number;
  fromLa: string;
  toLa: string;
  correlationId: string;
  results: CrossBoundaryMatch[];
  /** True when more matched than MAX_ANSWER_RESULTS. */
  capped: boolean;
}

/** The requesting user as their LA names them: travels sealed and signed, audited by the answering LA. */
export interface RequestingUser {
  name: string;
  organisation: string;
}

/**
 * A sealed query's `requestingUser` as received: undefined when absent (an older asker), the trimmed name
 * and organisation when both are text of 1 to MAX_REQUESTING_USER_TEXT printable characters, and an Error
 * naming the field otherwise (the answerer refuses the query as malformed).
 */
export function parseRequestingUser(value: unknown): RequestingUser | undefined | Error {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return new Error('requestingUser must be an object');
  const fields = value as Record<string, unknown>;
  const name = requestingUserText(fields.name);
  if (name === undefined) return new Error('requestingUser.name must be 1 to 200 printable characters');
  const organisation = requestingUserText(fields.organisation);
  if (organisation === undefined)
    return new Error('requestingUser.organisation must be 1 to 200 printable characters');
  return { name, organisation };
}

function requestingUserText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // No control characters (line breaks, escapes): the text is shown on pages and printed in exports.
  if (text.length === 0 || text.length > MAX_REQUESTING_USER_TEXT || hasControlCharacter(text))
    return undefined;
  return text;
}

export function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}
