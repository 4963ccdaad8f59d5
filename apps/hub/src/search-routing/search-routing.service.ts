import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import {
  MESSAGE_TYPES,
  SEARCH_MESSAGE_TYPES,
  laCodeOfHubSubject,
  type RefusalBody,
  type SearchForwardReplyBody,
  type SearchRouteReplyBody,
} from '@cp/contract';
import { EnvelopeRejectedError, type JsonValue, type SignedEnvelope } from '@cp/pki';
import { receivedMessage, sentMessage, type LoggedMessage } from '@cp/message-log';
import { HUB_SETTINGS, HubSettings } from '../config/hub-settings';
import { LocatorIndexService } from '../locator-index/locator-index.service';
import { MAX_LOOKUP_LIMIT } from '../locator-index/locator-lookup';
import { MessageLogService } from '../message-log/message-log.service';
import { planForward } from './forward-queries';
import { parseForwardRequest, parseRouteRequest, SearchBodyError } from './search-bodies';
import { RouteRateLimitedError, RouteRateLimitService } from './route-rate-limit.service';
import { RoutingLogWriter } from './routing-log-writer';
import { relayQueries } from './search-relay';
import { candidateLasByStrength, lasToAsk } from './route-candidates';
import { SearchTrustService } from './search-trust.service';

/** A refusal the asking node can act on; it names a rule, never a value. */
class RoutingRefusal extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The hub's half of a cross-boundary search. `route` looks the asking node's tokens up in the locator index
 * and names the candidate LAs (never the asker's own) with their current certificates; `forward` relays the
 * sealed queries to those LAs alone and returns the sealed answers that arrived within the deadline with
 * the LAs that did not answer. The hub reads LA codes and tokens only; the routing log keeps metadata.
 */
@Injectable()
export class SearchRoutingService {
  private readonly logger = new Logger(SearchRoutingService.name);

  constructor(
    @Inject(HUB_SETTINGS) private readonly settings: HubSettings,
    private readonly trust: SearchTrustService,
    private readonly index: LocatorIndexService,
    private readonly logWriter: RoutingLogWriter,
    private readonly rateLimit: RouteRateLimitService,
    private readonly messageLog: MessageLogService,
  ) {}

  /** Answers a route request (already parsed from JSON) with a signed reply or a signed refusal. */
  route(subject: string, payload: unknown): Promise<SignedEnvelope> {
    return this.answering(subject, async () => {
      const receivedAt = new Date();
      const verified = await this.trust.verifyFromLa(subject, payload, SEARCH_MESSAGE_TYPES.routeRequest);
      const fromLa = verified.envelope.sender;
      await this.rateLimit.admit(fromLa);
      const request = parseRouteRequest(verified.envelope.body);
      const found = candidateLasByStrength(
        await this.index.lookup(request.tokens, { excludeLa: fromLa, limit: MAX_LOOKUP_LIMIT }),
      );
      // The strongest LAs only: an LA whose best entry is two pieces of evidence behind is not asked.
      const chosen = lasToAsk(found);
      const certificates = await this.trust.currentCertificates(chosen.map((candidate) => candidate.laCode));
      const candidates = chosen
        .filter((candidate) => certificates.has(candidate.laCode))
        .map((candidate) => ({
          laCode: candidate.laCode,
          certificatePem: certificates.get(candidate.laCode) as string,
        }));
      const unreachable = chosen
        .filter((candidate) => !certificates.has(candidate.laCode))
        .map((candidate) => candidate.laCode);
      const routeId = randomUUID();
      await this.logWriter.recordRoute({
        routeId,
        correlationId: request.correlationId,
        fromLa,
        toLas: candidates.map((candidate) => candidate.laCode),
        unansweredLas: unreachable.map((laCode) => `${laCode}:no-certificate`),
        indexEntries: found.reduce((sum, candidate) => sum + candidate.entries, 0),
        outcome: candidates.length > 0 ? 'routed' : 'no-candidates',
        receivedAt,
        lookupMs: Date.now() - receivedAt.getTime(),
      });
      const reply: SearchRouteReplyBody = {
        routeId,
        deadlineMs: this.settings.SEARCH_ANSWER_DEADLINE_MS,
        candidates,
        unreachable,
      };
      const signed = this.trust.sign(fromLa, SEARCH_MESSAGE_TYPES.routeReply, reply);
      // No transaction to join (the routing log is group-committed): its own insert, before the answer goes.
      await this.messageLog.writeGrouped([
        receivedMessage(verified.envelope, verified.certificatePem, request.correlationId),
        sentMessage(signed, this.trust.hubCertificatePem(), request.correlationId),
      ]);
      return signed;
    });
  }

  /** Relays a route's sealed queries over `connection` and answers with what came back in time. */
  forward(subject: string, payload: unknown, connection: NatsConnection): Promise<SignedEnvelope> {
    return this.answering(subject, async () => {
      const started = Date.now();
      const deadlineAt = started + this.settings.SEARCH_ANSWER_DEADLINE_MS;
      const verified = await this.trust.verifyFromLa(subject, payload, SEARCH_MESSAGE_TYPES.forwardRequest);
      const fromLa = verified.envelope.sender;
      const request = parseForwardRequest(verified.envelope.body);
      const route = await this.logWriter.claimRoute(request.routeId, fromLa);
      if (!route) throw new RoutingRefusal('unknown-route', 'No open route with this id for this LA');
      const plan = planForward({
        request,
        candidates: route.candidates,
        fromLa,
        certFingerprint: verified.envelope.certFingerprint,
        senderCertificatePem: verified.certificatePem,
      });
      const outcome = await relayQueries({
        connection,
        fromLa,
        deadlineAt,
        queries: plan.relay,
        certificateOf: (laCode, fingerprint) => this.trust.certificateOf(laCode, fingerprint),
        correlationId: route.correlationId,
      });
      const unanswered = [
        ...outcome.unanswered,
        ...plan.notSent.filter((entry) => route.candidates.has(entry.laCode)),
      ];
      await this.logWriter.recordForward({
        routeId: request.routeId,
        answeredLas: outcome.answers.map((answer) => answer.laCode),
        unansweredLas: unanswered.map((entry) => `${entry.laCode}:${entry.reason}`),
        forwardMs: Date.now() - started,
      });
      const reply: SearchForwardReplyBody = { answers: outcome.answers, unanswered };
      const signed = this.trust.sign(
        fromLa,
        SEARCH_MESSAGE_TYPES.forwardReply,
        reply as unknown as JsonValue,
      );
      await this.messageLog.writeGrouped([
        receivedMessage(verified.envelope, verified.certificatePem, route.correlationId),
        ...outcome.received,
        sentMessage(signed, this.trust.hubCertificatePem(), route.correlationId),
      ]);
      return signed;
    });
  }

  /** Runs a handler; a refusal becomes a signed refusal to the subject's LA (no personal data in it). */
  private async answering(subject: string, work: () => Promise<SignedEnvelope>): Promise<SignedEnvelope> {
    try {
      return await work();
    } catch (error) {
      let refusal: RefusalBody;
      if (error instanceof EnvelopeRejectedError) refusal = { reason: error.reason, message: error.message };
      else if (error instanceof SearchBodyError) refusal = { reason: 'malformed', message: error.message };
      else if (error instanceof RoutingRefusal) refusal = { reason: error.reason, message: error.message };
      else if (error instanceof RangeError) refusal = { reason: 'malformed', message: error.message };
      else if (error instanceof RouteRateLimitedError) {
        refusal = {
          reason: 'rate-limited',
          message: error.message,
          retryAfterSeconds: String(error.retryAfterSeconds),
        };
      } else throw error;
      const laCode = laCodeOfHubSubject(subject) ?? 'unknown';
      this.logger.warn(`Refused a search message on the subject of LA ${laCode}: ${refusal.reason}`);
      const signed = this.trust.sign(laCode, MESSAGE_TYPES.refusal, refusal);
      const sent: LoggedMessage[] = [sentMessage(signed, this.trust.hubCertificatePem())];
      await this.messageLog.writeGrouped(sent);
      return signed;
    }
  }

  /** What the asking LA is told when routing failed for a reason of the hub's own. */
  internalRefusal(subject: string): SignedEnvelope {
    const refusal: RefusalBody = { reason: 'hub-error', message: 'The hub could not route this search' };
    return this.trust.sign(laCodeOfHubSubject(subject) ?? 'unknown', MESSAGE_TYPES.refusal, refusal);
  }
}
