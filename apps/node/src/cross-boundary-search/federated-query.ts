import { randomBytes } from 'node:crypto';
import type { NatsConnection } from 'nats';
import {
  SEARCH_CONTRACT_MINOR_VERSION,
  SEARCH_CONTRACT_VERSION,
  SEARCH_MESSAGE_TYPES,
  searchForwardSubject,
  searchRouteSubject,
  type CrossBoundaryMatch,
  type RequestingUser,
  type SealedBody,
  type SealedSearchAnswer,
  type SealedSearchQuery,
  type SearchForwardReplyBody,
  type SearchRouteReplyBody,
  type SearchRouteRequestBody,
  type UnansweredReason,
} from '@cp/contract';
import { locatorQueryTokens } from '@cp/locator';
import type { PersonFields } from '@cp/matching';
import { receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import type { JsonValue, ReplayCache, SignedEnvelope } from '@cp/pki';
import type { FederationCredentials } from '../federation/certificate-store';
import type { SearchCriteria } from '../search/minimum-criteria';
import { requestFromHub } from './hub-search-client';
import { PeerCertificateError, verifyPeerCertificate } from '../federation/peer-certificates';
import { signQueryBundle } from './query-bundle';
import { RelayedMessageError, sealFor, signingIdentity, verifyAndOpen } from '../federation/sealed-envelopes';

/** Why an LA of the route gave this node no usable answer. */
export type NoAnswerReason = UnansweredReason | 'no-certificate' | 'bad-certificate';

export interface FederatedOutcome {
  /** False when the hub could not be reached. */
  reached: boolean;
  routedTo: string[];
  answered: string[];
  unanswered: { laCode: string; reason: NoAnswerReason }[];
  matches: CrossBoundaryMatch[];
}

/** Who asks and why: sealed into each query, so each answering node can audit it. */
export interface Requester {
  userId: string;
  role: string;
  reason: string;
  correlationId: string;
  /** The user's name and organisation (contract minor 1), for the answering LA's auditors. */
  user?: RequestingUser;
}

export interface FederatedQueryInput {
  connection: NatsConnection;
  credentials: FederationCredentials;
  criteria: SearchCriteria;
  /** The criteria as matching reads them (search.service personFieldsOf): the tokens are made from these. */
  person: PersonFields;
  requester: Requester;
  tokenKey: Buffer;
  replayCache: ReplayCache;
  /**
   * Collects every signed message of the search as sent or received (route request and reply, query
   * bundle, forward request and reply, each LA's answer), for the caller to keep in its message log.
   */
  exchanged?: LoggedMessage[];
}

const HUB_ROUTE_TIMEOUT_MS = 5_000;
/** Waiting for the forward: the hub's deadline plus time for the hub to answer after it. */
const FORWARD_MARGIN_MS = 3_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The other LAs' half of a cross-boundary search, framework-free (the node's service and the benchmark
 * both run it): locator tokens under the federation key; the hub's route (candidate LAs and their
 * certificates); each certificate checked against our CA and for its LA; a query sealed for each LA, all
 * of them signed by us once (a query bundle); the hub's forward; each answer checked (signature, sender, recipient, correlation id)
 * and opened. Throws UnavailableError when the hub cannot be reached or refuses.
 */
export async function askOtherLas(input: FederatedQueryInput): Promise<FederatedOutcome> {
  const { connection, credentials, requester, replayCache } = input;
  const tokens = locatorQueryTokens(input.person, input.tokenKey);
  const routeRequest: SearchRouteRequestBody = {
    v: SEARCH_CONTRACT_VERSION,
    correlationId: requester.correlationId,
    tokens: tokens.map((token) => ({ kind: token.kind, value: token.value, group: token.group ?? 0 })),
  };
  const routeReply = await requestFromHub({
    connection,
    credentials,
    subject: searchRouteSubject(credentials.laCode),
    type: SEARCH_MESSAGE_TYPES.routeRequest,
    expectedReplyType: SEARCH_MESSAGE_TYPES.routeReply,
    body: routeRequest,
    timeoutMs: HUB_ROUTE_TIMEOUT_MS,
    replayCache,
    exchanged: input.exchanged,
    correlationId: requester.correlationId,
  });
  const route = routeReply.body as unknown as SearchRouteReplyBody;
  const unanswered: FederatedOutcome['unanswered'] = (route.unreachable ?? []).map((laCode) => ({
    laCode,
    reason: 'no-certificate',
  }));
  const routedTo = route.candidates.map((candidate) => candidate.laCode);
  if (route.candidates.length === 0)
    return { reached: true, routedTo, answered: [], unanswered, matches: [] };

  const identity = signingIdentity(credentials);
  const sealed: { laCode: string; sealed: SealedBody }[] = [];
  // A fresh reply key per LA and search, sealed inside that LA's query: its answer opens with it alone.
  const replyKeys = new Map<string, Buffer>();
  for (const candidate of route.candidates) {
    try {
      // The key a query is sealed to must come from a certificate our CA issued to that LA.
      const peer = verifyPeerCertificate(
        candidate.certificatePem,
        candidate.laCode,
        credentials.caCertificatePem,
      );
      const replyKey = randomBytes(32);
      const query = {
        ...sealedQuery(input.criteria, requester, credentials.laCode, candidate.laCode),
        replyKey: replyKey.toString('base64'),
      };
      sealed.push({
        laCode: candidate.laCode,
        sealed: sealFor(query, { certificatePem: peer.certificatePem, fingerprint: peer.fingerprint }),
      });
      replyKeys.set(candidate.laCode, replyKey);
    } catch (error) {
      if (!(error instanceof PeerCertificateError)) throw error;
      unanswered.push({ laCode: candidate.laCode, reason: 'bad-certificate' });
    }
  }
  const bundle = sealed.length > 0 ? signQueryBundle(route.routeId, sealed, identity) : undefined;
  if (bundle)
    input.exchanged?.push(
      sentMessage(bundle.envelope as SignedEnvelope, credentials.certificatePem, requester.correlationId),
    );
  const forwardReply = await requestFromHub({
    connection,
    credentials,
    subject: searchForwardSubject(credentials.laCode),
    type: SEARCH_MESSAGE_TYPES.forwardRequest,
    expectedReplyType: SEARCH_MESSAGE_TYPES.forwardReply,
    // One signature over every sealed query (query-bundle.ts), not one per LA.
    body: {
      routeId: route.routeId,
      queries: [],
      ...(bundle ? { bundle } : {}),
    } as unknown as JsonValue,
    timeoutMs: route.deadlineMs + FORWARD_MARGIN_MS,
    replayCache,
    exchanged: input.exchanged,
    correlationId: requester.correlationId,
  });
  const forwarded = forwardReply.body as unknown as SearchForwardReplyBody;
  const answered: string[] = [];
  const matches: CrossBoundaryMatch[] = [];
  for (const entry of forwarded.unanswered ?? []) {
    if (routedTo.includes(entry.laCode) && !unanswered.some((known) => known.laCode === entry.laCode))
      unanswered.push({ laCode: entry.laCode, reason: entry.reason });
  }
  for (const relayed of forwarded.answers ?? []) {
    if (!routedTo.includes(relayed.laCode) || answered.includes(relayed.laCode)) continue;
    const opened = await openAnswer(
      relayed,
      credentials,
      requester.correlationId,
      replayCache,
      replyKeys.get(relayed.laCode),
      input.exchanged,
    );
    if (!opened) {
      unanswered.push({ laCode: relayed.laCode, reason: 'bad-answer' });
      continue;
    }
    answered.push(relayed.laCode);
    matches.push(...opened);
  }
  unanswered.sort((a, b) => a.laCode.localeCompare(b.laCode));
  return { reached: true, routedTo, answered: answered.sort(), unanswered, matches };
}

function sealedQuery(
  criteria: SearchCriteria,
  requester: Requester,
  fromLa: string,
  toLa: string,
): SealedSearchQuery {
  return {
    v: SEARCH_CONTRACT_VERSION,
    fromLa,
    toLa,
    correlationId: requester.correlationId,
    requestingUserId: requester.userId,
    requestingRole: requester.role,
    ...(requester.user ? { minor: SEARCH_CONTRACT_MINOR_VERSION, requestingUser: requester.user } : {}),
    reason: requester.reason,
    criteria: Object.fromEntries(
      Object.entries(criteria).filter(([, value]) => typeof value === 'string' && value.trim() !== ''),
    ),
  };
}

/** The matches of one LA's answer, or undefined when it is not believable as that LA's answer to us. */
async function openAnswer(
  relayed: { laCode: string; senderCertificatePem?: unknown; envelope?: unknown },
  me: FederationCredentials,
  correlationId: string,
  replayCache: ReplayCache,
  replyKey: Buffer | undefined,
  exchanged: LoggedMessage[] | undefined,
): Promise<CrossBoundaryMatch[] | undefined> {
  try {
    const opened = await verifyAndOpen({
      relayed,
      expectedSender: relayed.laCode,
      type: SEARCH_MESSAGE_TYPES.answer,
      me,
      replayCache,
      replyKey,
    });
    // Verified with this certificate (checked against our CA for that LA in verifyAndOpen).
    exchanged?.push(receivedMessage(opened.envelope, relayed.senderCertificatePem as string, correlationId));
    const answer = JSON.parse(opened.plaintext.toString('utf8')) as SealedSearchAnswer;
    if (
      answer.v !== SEARCH_CONTRACT_VERSION ||
      answer.fromLa !== relayed.laCode ||
      answer.toLa !== me.laCode ||
      answer.correlationId !== correlationId ||
      !Array.isArray(answer.results)
    )
      return undefined;
    const wellFormed = answer.results.every(
      (match) =>
        typeof match.id === 'string' &&
        UUID.test(match.id) &&
        match.laCode === relayed.laCode &&
        typeof match.score === 'number',
    );
    return wellFormed ? answer.results : undefined;
  } catch (error) {
    if (error instanceof RelayedMessageError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
