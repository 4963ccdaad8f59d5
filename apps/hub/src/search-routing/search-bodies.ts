import { MAX_SEARCH_ROUTE_LAS, SEARCH_CONTRACT_VERSION } from '@cp/contract';
import type { LocatorToken, LocatorTokenKind } from '@cp/locator';
import { isLaCode } from '@cp/pki';
import { MAX_LOOKUP_TOKENS } from '../locator-index/locator-lookup';

/** A search message whose body is not what the contract says: refused, naming the field, never a value. */
export class SearchBodyError extends Error {
  constructor(readonly field: string) {
    super(`Malformed search message: ${field}`);
    this.name = 'SearchBodyError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN_KINDS: readonly LocatorTokenKind[] = ['name-year', 'nhs', 'upn'];

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SearchBodyError(field);
  return value as Record<string, unknown>;
}

export interface RouteRequest {
  correlationId: string;
  tokens: LocatorToken[];
}

export function parseRouteRequest(body: unknown): RouteRequest {
  const fields = record(body, 'body');
  if (fields.v !== SEARCH_CONTRACT_VERSION) throw new SearchBodyError('v');
  if (typeof fields.correlationId !== 'string' || !UUID.test(fields.correlationId))
    throw new SearchBodyError('correlationId');
  if (!Array.isArray(fields.tokens) || fields.tokens.length === 0 || fields.tokens.length > MAX_LOOKUP_TOKENS)
    throw new SearchBodyError('tokens');
  const tokens = fields.tokens.map((item: unknown) => {
    const token = record(item, 'tokens');
    if (!TOKEN_KINDS.includes(token.kind as LocatorTokenKind)) throw new SearchBodyError('tokens.kind');
    if (typeof token.value !== 'string' || !/^-?\d{1,19}$/.test(token.value))
      throw new SearchBodyError('tokens.value');
    if (
      token.group !== undefined &&
      (typeof token.group !== 'number' ||
        !Number.isInteger(token.group) ||
        token.group < 0 ||
        token.group >= MAX_LOOKUP_TOKENS)
    )
      throw new SearchBodyError('tokens.group');
    return {
      kind: token.kind as LocatorTokenKind,
      value: token.value,
      ...(token.group !== undefined ? { group: token.group } : {}),
    };
  });
  return { correlationId: fields.correlationId, tokens };
}

/** What the hub checks of a relayed query: the envelope's outside only; its body is sealed. */
export interface ForwardedQuery {
  laCode: string;
  envelope: Record<string, unknown>;
}

/** A bundled query: the bundle's outside and the box's digest are checked; the box is sealed. */
export interface BundledQuery {
  laCode: string;
  sealed: Record<string, string>;
}

export interface ForwardRequest {
  routeId: string;
  queries: ForwardedQuery[];
  /** The signed bundle (its body: v, routeId, digests) and the boxes it names, one per LA. */
  bundle?: { envelope: Record<string, unknown>; sealed: BundledQuery[] };
}

const SEALED_FIELDS = ['recipientFingerprint', 'wrappedKey', 'iv', 'ciphertext', 'tag'];

function sealedBox(value: unknown): Record<string, string> {
  const box = record(value, 'bundle.sealed.sealed');
  if (
    Object.keys(box).length !== SEALED_FIELDS.length ||
    !SEALED_FIELDS.every((f) => typeof box[f] === 'string')
  )
    throw new SearchBodyError('bundle.sealed.sealed');
  return box as Record<string, string>;
}

function parseBundle(value: unknown, seen: Set<string>): ForwardRequest['bundle'] {
  const bundle = record(value, 'bundle');
  const envelope = record(bundle.envelope, 'bundle.envelope');
  if (!Array.isArray(bundle.sealed) || bundle.sealed.length > MAX_SEARCH_ROUTE_LAS)
    throw new SearchBodyError('bundle.sealed');
  const sealed = bundle.sealed.map((item: unknown) => {
    const entry = record(item, 'bundle.sealed');
    if (typeof entry.laCode !== 'string' || !isLaCode(entry.laCode) || seen.has(entry.laCode))
      throw new SearchBodyError('bundle.sealed.laCode');
    seen.add(entry.laCode);
    return { laCode: entry.laCode, sealed: sealedBox(entry.sealed) };
  });
  return { envelope, sealed };
}

export function parseForwardRequest(body: unknown): ForwardRequest {
  const fields = record(body, 'body');
  if (typeof fields.routeId !== 'string' || !UUID.test(fields.routeId)) throw new SearchBodyError('routeId');
  if (!Array.isArray(fields.queries) || fields.queries.length > MAX_SEARCH_ROUTE_LAS)
    throw new SearchBodyError('queries');
  const seen = new Set<string>();
  const queries = fields.queries.map((item: unknown) => {
    const query = record(item, 'queries');
    if (typeof query.laCode !== 'string' || !isLaCode(query.laCode) || seen.has(query.laCode))
      throw new SearchBodyError('queries.laCode');
    seen.add(query.laCode);
    return { laCode: query.laCode, envelope: record(query.envelope, 'queries.envelope') };
  });
  // An LA in both forms is refused as a repeated laCode.
  const bundle = fields.bundle === undefined ? undefined : parseBundle(fields.bundle, seen);
  return { routeId: fields.routeId, queries, ...(bundle ? { bundle } : {}) };
}
