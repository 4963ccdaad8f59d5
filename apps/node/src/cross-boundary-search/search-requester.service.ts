import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CrossBoundaryMatch, RequestingUser } from '@cp/contract';
import { UnavailableError } from '@cp/errors';
import type { LoggedMessage } from '@cp/message-log';
import { DEFAULT_FRESHNESS_MS, ReplayCache } from '@cp/pki';
import { AuditService } from '../audit/audit.service';
import { type AccessContext } from '../access/access-context';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { federationTokenKey } from '../config/federation-token-key';
import { User } from '../users/user.entity';
import { criteriaUsed, type SearchCriteria } from '../search/minimum-criteria';
import { SearchService, type SearchResult } from '../search/search.service';
import { personFieldsOf } from '../search/person-fields';
import { assertCrossBoundaryCriteria } from './cross-boundary-criteria';
import { askOtherLas, type FederatedOutcome, type NoAnswerReason } from './federated-query';
import { NodeSearchBus } from './node-search-bus';

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
  private readonly organisation: string;

  constructor(
    private readonly bus: NodeSearchBus,
    private readonly localSearch: SearchService,
    private readonly audit: AuditService,
    @Inject(NODE_SETTINGS) settings: NodeSettings,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.tokenKey = federationTokenKey(settings);
    this.organisation = settings.NODE_LA_NAME;
  }

  /** The searching user as this LA names them (their account's display name; the LA as organisation). */
  private async requestingUser(userId: string): Promise<RequestingUser | undefined> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id: userId }, select: { id: true, displayName: true } });
    const name = user?.displayName.trim().slice(0, 200);
    return name ? { name, organisation: this.organisation.slice(0, 200) } : undefined;
  }

  async search(criteria: SearchCriteria, context: AccessContext): Promise<CrossBoundarySearchResponse> {
    assertCrossBoundaryCriteria(criteria);
    if (!this.tokenKey)
      throw new UnavailableError('Cross-boundary search is off: FEDERATION_TOKEN_KEY is not set');
    const key = this.tokenKey;
    const link = this.bus.link();
    const local = await this.localSearch.search(criteria, context);
    let remote: FederatedOutcome;
    const exchanged: LoggedMessage[] = [];
    try {
      remote = await askOtherLas({
        ...link,
        criteria,
        person: personFieldsOf(criteria),
        requester: {
          userId: context.actor.userId,
          role: context.actor.role,
          reason: context.reason ?? '',
          correlationId: context.correlationId,
          user: await this.requestingUser(context.actor.userId),
        },
        tokenKey: key,
        replayCache: this.replayCache,
        exchanged,
      });
    } catch (error) {
      if (!(error instanceof UnavailableError)) throw error;
      remote = { reached: false, routedTo: [], answered: [], unanswered: [], matches: [] };
    }
    // The search's audit entry and its signed messages commit together (a group commit with other reads)
    // before any result is returned.
    await this.audit.recordCommitted(
      {
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
      },
      exchanged,
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
}
