import { Inject, Injectable, Logger } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import {
  MAX_ANSWER_RESULTS,
  MESSAGE_TYPES,
  parseRequestingUser,
  SEARCH_CONTRACT_VERSION,
  SEARCH_MESSAGE_TYPES,
  type CrossBoundaryMatch,
  type RefusalBody,
  type SealedSearchAnswer,
  type SealedSearchQuery,
} from '@cp/contract';
import { DomainError } from '@cp/errors';
import { MATCH_THRESHOLD, scoreMatch } from '@cp/matching';
import { receivedMessage, sentMessage } from '@cp/message-log';
import { DEFAULT_FRESHNESS_MS, ReplayCache, signEnvelope, type JsonValue } from '@cp/pki';
import { AuditService, type AuditEvent } from '../audit/audit.service';
import { isRole } from '../access/roles';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';
import { MessageLogService } from '../message-log/message-log.service';
import type { FederationCredentials } from '../federation/certificate-store';
import { Child } from '../record-store/child.entity';
import { todayIso } from '../record-store/dto/field-rules';
import { Involvement } from '../record-store/involvement.entity';
import { RecordTransactions } from '../record-store/record-transactions';
import { shieldingTeamOf } from '../shielding/shielding-team';
import { validateInput } from '../record-store/validate-input';
import { visibleCriteria, criteriaUsed, type SearchCriteria } from '../search/minimum-criteria';
import { personFieldsOf } from '../search/person-fields';
import { searchCandidates } from '../search/search-candidates';
import { personFieldsOfChild, searchableFields } from '../record-store/search-keys';
import { assertCrossBoundaryCriteria, meetsCrossBoundaryCriteria } from './cross-boundary-criteria';
import { crossBoundaryMatch } from './cross-boundary-view';
import { CrossBoundarySearchDto } from './dto/cross-boundary-search.dto';
import {
  RelayedMessageError,
  replyKeyOf,
  sealAndSign,
  signingIdentity,
  verifyAndOpen,
} from '../federation/sealed-envelopes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A query this node will not answer; the reason goes back signed, never content. */
class QueryRefusal extends Error {
  constructor(readonly reason: string) {
    super(`Search query refused: ${reason}`);
  }
}

/**
 * The answering side of a cross-boundary search. For each query the hub relays: checks the asking LA's
 * signature against its certificate (the LA comes from the certificate), opens the query sealed for this
 * node, scores candidates on this node's own plaintext with the same matching as local search, and answers
 * with matches above the threshold (a shielded child only in its shielded view), sealed for the asking LA
 * and signed by this node. What it disclosed, to which LA, user and reason, is audited (with both signed
 * messages, in a group commit) before the answer leaves, under the asker's correlation id.
 */
@Injectable()
export class SearchAnswerer {
  private readonly logger = new Logger(SearchAnswerer.name);
  private readonly replayCache = new ReplayCache(DEFAULT_FRESHNESS_MS);

  constructor(
    private readonly transactions: RecordTransactions,
    private readonly audit: AuditService,
    private readonly messageLog: MessageLogService,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  /** Answers one relayed query (raw bytes from the bus) with the bytes of a signed envelope. */
  async answer(data: Uint8Array, me: FederationCredentials): Promise<string> {
    let fromLa: string | undefined;
    try {
      const relayed = JSON.parse(Buffer.from(data).toString('utf8')) as Record<string, unknown>;
      const opened = await verifyAndOpen({
        relayed,
        type: SEARCH_MESSAGE_TYPES.query,
        me,
        replayCache: this.replayCache,
      });
      fromLa = opened.sender;
      const query = JSON.parse(opened.plaintext.toString('utf8')) as SealedSearchQuery;
      // The asker is named inside the sealed query too: a query re-signed by another LA is refused.
      if (query.v !== SEARCH_CONTRACT_VERSION || query.fromLa !== fromLa || query.toLa !== me.laCode)
        throw new QueryRefusal('query-not-for-this-pair');
      const peer = relayed.senderCertificatePem as string;
      const asker = fromLa;
      const { answer, disclosure } = await this.search(query, fromLa);
      const signed = sealAndSign(
        answer,
        { laCode: asker, certificatePem: peer, fingerprint: opened.envelope.certFingerprint },
        signingIdentity(me),
        SEARCH_MESSAGE_TYPES.answer,
        replyKeyOf(query),
      );
      // The disclosure's audit entry and both signed messages commit together (a group commit with other
      // reads) before the answer leaves this node.
      await this.audit.recordCommitted(disclosure, [
        // A bundled query: the signature covers this LA's sealed box by digest; the box is kept beside it.
        receivedMessage(opened.envelope, peer, query.correlationId, relayed.sealed as JsonValue | undefined),
        sentMessage(signed, me.certificatePem, query.correlationId),
      ]);
      return JSON.stringify(signed);
    } catch (error) {
      const reason = this.refusalReason(error);
      this.logger.warn(`Refused a search query from LA ${fromLa ?? 'unknown'}: ${reason}`);
      const refusal: RefusalBody = { reason, message: 'Search query refused' };
      const signed = signEnvelope(signingIdentity(me), {
        recipient: fromLa ?? 'unknown',
        type: MESSAGE_TYPES.refusal,
        body: refusal,
      });
      // Nothing was done, so no transaction: its own insert before it goes (a failure here is logged, the
      // refusal still sent: it discloses nothing).
      await this.messageLog
        .write(undefined, [sentMessage(signed, me.certificatePem)])
        .catch(() => this.logger.error('Message log: a search refusal could not be kept'));
      return JSON.stringify(signed);
    }
  }

  private refusalReason(error: unknown): string {
    if (error instanceof RelayedMessageError || error instanceof QueryRefusal) return error.reason;
    if (error instanceof DomainError) return error.kind;
    if (error instanceof SyntaxError) return 'malformed';
    // Our own failure (the database, say): the asker is told at once rather than left to the deadline.
    this.logger.error(`Search answer failed: ${error instanceof Error ? error.name : 'unknown'}`);
    return 'node-error';
  }

  /** Reads and scores; returns the answer and the audit entry of what it discloses, to be committed. */
  private async search(
    query: SealedSearchQuery,
    fromLa: string,
  ): Promise<{ answer: SealedSearchAnswer; disclosure: AuditEvent }> {
    if (!isRole(query.requestingRole) || typeof query.requestingUserId !== 'string')
      throw new QueryRefusal('requester-unnamed');
    if (typeof query.correlationId !== 'string' || !UUID.test(query.correlationId))
      throw new QueryRefusal('malformed');
    // Contract minor 1: the asking user's name and organisation, kept in the audit entry for our auditors.
    const requestingUser = parseRequestingUser(query.requestingUser);
    if (requestingUser instanceof Error) throw new QueryRefusal('malformed');
    const input = await validateInput(CrossBoundarySearchDto, { ...query.criteria, reason: query.reason });
    const { reason, ...criteria } = input;
    assertCrossBoundaryCriteria(criteria);
    const context = {
      actor: { userId: query.requestingUserId.slice(0, 100), role: query.requestingRole },
      reason,
      correlationId: query.correlationId,
      requestingLa: fromLa,
    };
    const today = todayIso();
    const team = shieldingTeamOf(this.settings);
    return this.transactions.read(async (manager) => {
      const { candidates, scored } = await this.scoreCandidates(manager, criteria);
      scored.sort((a, b) => b.match.score - a.match.score || a.child.id.localeCompare(b.child.id));
      const chosen = scored.slice(0, MAX_ANSWER_RESULTS);
      const unshielded = chosen.filter((entry) => !entry.child.shielded).map((entry) => entry.child.id);
      const involvements =
        unshielded.length > 0
          ? await manager.getRepository(Involvement).findBy({ childId: In(unshielded) })
          : [];
      const results: CrossBoundaryMatch[] = chosen.map(({ child, match }) =>
        crossBoundaryMatch({
          child,
          involvements: involvements.filter((row) => row.childId === child.id),
          laCode: this.settings.NODE_LA_CODE,
          team,
          match,
          today,
        }),
      );
      const disclosure: AuditEvent = {
        context,
        action: 'record.search',
        outcome: 'allowed',
        disclosedChildIds: results.map((result) => result.id),
        detail: {
          scope: 'cross-boundary-answer',
          criteria: criteriaUsed(criteria),
          candidates,
          results: results.length,
          shieldedResults: results.filter((result) => result.shielded).length,
          ...(requestingUser
            ? { requesterName: requestingUser.name, requesterOrganisation: requestingUser.organisation }
            : {}),
        },
      };
      const answer: SealedSearchAnswer = {
        v: SEARCH_CONTRACT_VERSION,
        fromLa: this.settings.NODE_LA_CODE,
        toLa: fromLa,
        correlationId: query.correlationId,
        results,
        capped: scored.length > chosen.length,
      };
      return { answer, disclosure };
    });
  }

  /** This node's candidates for the query, scored; a shielded child only on its visible fields. */
  private async scoreCandidates(manager: EntityManager, criteria: SearchCriteria) {
    const query = personFieldsOf(criteria);
    const visibleQuery = personFieldsOf(visibleCriteria(criteria));
    const shieldedFindable = meetsCrossBoundaryCriteria(visibleCriteria(criteria));
    const children = await searchCandidates(manager, query);
    const scored: { child: Child; match: ReturnType<typeof scoreMatch> }[] = [];
    for (const child of children) {
      if (child.shielded && !shieldedFindable) continue;
      const match = child.shielded
        ? scoreMatch(visibleQuery, searchableFields(child))
        : scoreMatch(query, personFieldsOfChild(child));
      if (match.score >= MATCH_THRESHOLD) scored.push({ child, match });
    }
    return { candidates: children.length, scored };
  }
}
