import { Inject, Injectable } from '@nestjs/common';
import {
  SEARCH_CONTRACT_VERSION,
  SEARCH_MESSAGE_TYPES,
  searchForwardSubject,
  searchRouteSubject,
  type CrossBoundaryMatch,
  type SealedSearchAnswer,
  type SealedSearchQuery,
  type SearchForwardReplyBody,
  type SearchRouteReplyBody,
  type SearchRouteRequestBody,
  type UnansweredReason,
} from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import { locatorMaterial, locatorTokens } from '@cp/locator';
import { DEFAULT_FRESHNESS_MS, ReplayCache, type JsonValue } from '@cp/pki';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import type { FederationCredentials } from '../federation/certificate-store';
import { federationTokenKey } from '../index-outbox/index-outbox.service';
import { RecordTransactions } from '../records/record-transactions';
import { criteriaUsed, type SearchCriteria } from '../search/minimum-criteria';
import { personFieldsOf, SearchService, type SearchResult } from '../search/search.service';
import { assertCrossBoundaryCriteria } from './cross-boundary-criteria';
import { requestFromHub } from './hub-search-client';
import { NodeSearchBus } from './node-search-bus';
import { PeerCertificateError, verifyPeerCertificate } from './peer-certificates';
import { RelayedMessageError, sealAndSign, signingIdentity, verifyAndOpen } from './sealed-envelopes';

/** Why an LA of the route gave this node no usable answer. */
export type NoAnswerReason = UnansweredReason | 'no-certificate' | 'bad-certificate';

export type CrossBoundaryResult =
  (SearchResult & { source: 'this-la' }) | (CrossBoundaryMatch & { source: 'other-la' });

export interface CrossBoundarySearchResponse {
  correlationId: string;
  /** This LA's and other LAs' matches together, best first. */
  results: CrossBoundaryResult[];
  federation: {
    /** False when the hub could not be reached: the results are this LA's only. */
    reached: boolean;
    /** The LAs the hub's index named and the search was sent to. */
    routedTo: string[];
    answered: string[];
    /** LAs that did not answer (in time, or usably), and why. */
    unanswered: { laCode: string; reason: NoAnswerReason }[];
  };
}

interface RemoteOutcome {
  reached: boolean;
  routedTo: string[];
  answered: string[];
  unanswered: { laCode: string; reason: NoAnswerReason }[];
  matches: CrossBoundaryMatch[];
}

const HUB_ROUTE_TIMEOUT_MS = 5_000;
/** Waiting for the forward: the hub's deadline plus time for the hub to answer after it. */
const FORWARD_MARGIN_MS = 3_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The requesting side of a cross-boundary search (node A). Searches this LA, makes the query's locator
 * tokens under the federation key, asks the hub where to route, checks each candidate LA's certificate
 * against the federation CA, seals and signs a query for each, has the hub relay them, then checks, opens,
 * merges and ranks what came back. One audit entry per search records who searched, the criteria's names,
 * the reason, where it went and the ids of what came back, under the correlation id the hub and the
 * answering nodes also record.
 */
@Injectable()
export class SearchRequester {
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);
  private readonly tokenKey: Buffer | undefined;

  constructor(
    private readonly bus: NodeSearchBus,
    private readonly localSearch: SearchService,
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
  ) {
    this.tokenKey = federationTokenKey(settings);
  }

  async search(criteria: SearchCriteria, context: AccessContext): Promise<CrossBoundarySearchResponse> {
    assertCrossBoundaryCriteria(criteria);
    if (!this.tokenKey)
      throw new UnavailableError('Cross-boundary search is off: FEDERATION_TOKEN_KEY is not set');
    const key = this.tokenKey;
    const link = this.bus.link();
    const local = await this.localSearch.search(criteria, context);
    let remote: RemoteOutcome;
    try {
      remote = await this.askOtherLas(criteria, context, key, link);
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      remote = { reached: false, routedTo: [], answered: [], unanswered: [], matches: [] };
    }
    await this.transactions.run((manager) =>
      this.audit.record(manager, {
        context,
        action: 'record.search',
        outcome: 'allowed',
        disclosedChildIds: remote.matches.map((match) => match.id),
        detail: {
          scope: 'cross-boundary',
          criteria: criteriaUsed(criteria),
          hubReached: remote.reached,
          routedTo: remote.routedTo,
          answered: remote.answered,
          unanswered: remote.unanswered.map((entry) => `${entry.laCode}:${entry.reason}`),
          results: remote.matches.length,
          localResults: local.results.length,
        },
      }),
    );
    const results: CrossBoundaryResult[] = [
      ...local.results.map((result) => ({ ...result, source: 'this-la' as const })),
      ...remote.matches.map((match) => ({ ...match, source: 'other-la' as const })),
    ].sort((a, b) => b.score - a.score || a.laCode.localeCompare(b.laCode) || a.id.localeCompare(b.id));
    const federation = {
      reached: remote.reached,
      routedTo: remote.routedTo,
      answered: remote.answered,
      unanswered: remote.unanswered,
    };
    return { correlationId: context.correlationId, results, federation };
  }

  private async askOtherLas(
    criteria: SearchCriteria,
    context: AccessContext,
    key: Buffer,
    link: ReturnType<NodeSearchBus['link']>,
  ): Promise<RemoteOutcome> {
    const { connection, credentials } = link;
    const tokens = locatorTokens(locatorMaterial(personFieldsOf(criteria)), key);
    const routeRequest: SearchRouteRequestBody = {
      v: SEARCH_CONTRACT_VERSION,
      correlationId: context.correlationId,
      tokens: tokens.map((token) => ({ kind: token.kind, value: token.value })),
    };
    const routeReply = await requestFromHub({
      connection,
      credentials,
      subject: searchRouteSubject(credentials.laCode),
      type: SEARCH_MESSAGE_TYPES.routeRequest,
      expectedReplyType: SEARCH_MESSAGE_TYPES.routeReply,
      body: routeRequest,
      timeoutMs: HUB_ROUTE_TIMEOUT_MS,
      replayCache: this.replayCache,
    });
    const route = routeReply.body as unknown as SearchRouteReplyBody;
    const unanswered: RemoteOutcome['unanswered'] = (route.unreachable ?? []).map((laCode) => ({
      laCode,
      reason: 'no-certificate',
    }));
    const routedTo = route.candidates.map((candidate) => candidate.laCode);
    if (route.candidates.length === 0)
      return { reached: true, routedTo, answered: [], unanswered, matches: [] };

    const identity = signingIdentity(credentials);
    const queries: { laCode: string; envelope: JsonValue }[] = [];
    for (const candidate of route.candidates) {
      try {
        // The key a query is sealed to must come from a certificate our CA issued to that LA.
        const peer = verifyPeerCertificate(
          candidate.certificatePem,
          candidate.laCode,
          credentials.caCertificatePem,
        );
        const query = this.sealedQuery(criteria, context, credentials.laCode, candidate.laCode);
        const envelope = sealAndSign(
          query,
          { laCode: candidate.laCode, certificatePem: peer.certificatePem, fingerprint: peer.fingerprint },
          identity,
          SEARCH_MESSAGE_TYPES.query,
        );
        queries.push({ laCode: candidate.laCode, envelope: envelope as unknown as JsonValue });
      } catch (error) {
        if (!(error instanceof PeerCertificateError)) throw error;
        unanswered.push({ laCode: candidate.laCode, reason: 'bad-certificate' });
      }
    }
    const forwardReply = await requestFromHub({
      connection,
      credentials,
      subject: searchForwardSubject(credentials.laCode),
      type: SEARCH_MESSAGE_TYPES.forwardRequest,
      expectedReplyType: SEARCH_MESSAGE_TYPES.forwardReply,
      body: { routeId: route.routeId, queries },
      timeoutMs: route.deadlineMs + FORWARD_MARGIN_MS,
      replayCache: this.replayCache,
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
      const opened = await this.openAnswer(relayed, credentials, context.correlationId);
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

  private sealedQuery(
    criteria: SearchCriteria,
    context: AccessContext,
    fromLa: string,
    toLa: string,
  ): SealedSearchQuery {
    return {
      v: SEARCH_CONTRACT_VERSION,
      fromLa,
      toLa,
      correlationId: context.correlationId,
      requestingUserId: context.actor.userId,
      requestingRole: context.actor.role,
      reason: context.reason ?? '',
      criteria: Object.fromEntries(
        Object.entries(criteria).filter(([, value]) => typeof value === 'string' && value.trim() !== ''),
      ),
    };
  }

  /** The matches of one LA's answer, or undefined when it is not believable as that LA's answer to us. */
  private async openAnswer(
    relayed: { laCode: string; senderCertificatePem?: unknown; envelope?: unknown },
    me: FederationCredentials,
    correlationId: string,
  ): Promise<CrossBoundaryMatch[] | undefined> {
    try {
      const opened = await verifyAndOpen({
        relayed,
        expectedSender: relayed.laCode,
        type: SEARCH_MESSAGE_TYPES.answer,
        me,
        replayCache: this.replayCache,
      });
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
}
