import { SEARCH_BUNDLE_RECIPIENT, SEARCH_MESSAGE_TYPES, type UnansweredReason } from '@cp/contract';
import { bundleNames, type SealedMessage } from '@cp/locator';
import type { ForwardRequest } from './search-bodies';

/** What the hub sends each LA of a forward, and the LAs it will not send to. */
export interface ForwardPlan {
  relay: { laCode: string; payload: string }[];
  notSent: { laCode: string; reason: UnansweredReason }[];
}

/**
 * Which of a forward's sealed queries the hub relays: only to LAs of the route, and only what the asking
 * LA signed for that LA (a query envelope addressed to it, or a box its signed bundle names by digest).
 * The hub checks the outside only (sender, recipient, type, certificate, route, digest); it cannot open a
 * box. Each LA gets the asker's certificate, so it checks the signature without trusting the hub, and of
 * a bundle only its own box.
 */
export function planForward(input: {
  request: ForwardRequest;
  candidates: Set<string>;
  fromLa: string;
  certFingerprint: string;
  senderCertificatePem: string;
}): ForwardPlan {
  const { request, candidates, fromLa, certFingerprint, senderCertificatePem } = input;
  const plan: ForwardPlan = { relay: [], notSent: [] };
  for (const query of request.queries) {
    const inner = query.envelope;
    const ok =
      candidates.has(query.laCode) &&
      inner.sender === fromLa &&
      inner.recipient === query.laCode &&
      inner.type === SEARCH_MESSAGE_TYPES.query &&
      inner.certFingerprint === certFingerprint;
    if (ok)
      plan.relay.push({
        laCode: query.laCode,
        payload: JSON.stringify({ senderCertificatePem, envelope: inner }),
      });
    else plan.notSent.push({ laCode: query.laCode, reason: 'not-sent' });
  }
  if (request.bundle) {
    const { envelope, sealed } = request.bundle;
    const body = envelope.body as { routeId?: unknown; digests?: unknown } | null | undefined;
    const digests = Array.isArray(body?.digests) ? (body.digests as unknown[]) : undefined;
    const outsideOk =
      digests !== undefined &&
      body?.routeId === request.routeId &&
      envelope.sender === fromLa &&
      envelope.recipient === SEARCH_BUNDLE_RECIPIENT &&
      envelope.type === SEARCH_MESSAGE_TYPES.queryBundle &&
      envelope.certFingerprint === certFingerprint;
    for (const entry of sealed) {
      const ok =
        outsideOk &&
        candidates.has(entry.laCode) &&
        bundleNames(digests, entry.laCode, entry.sealed as unknown as SealedMessage);
      if (ok)
        plan.relay.push({
          laCode: entry.laCode,
          payload: JSON.stringify({ senderCertificatePem, bundle: envelope, sealed: entry.sealed }),
        });
      else plan.notSent.push({ laCode: entry.laCode, reason: 'not-sent' });
    }
  }
  const planned = new Set([...plan.relay, ...plan.notSent].map((entry) => entry.laCode));
  for (const laCode of candidates)
    if (!planned.has(laCode)) plan.notSent.push({ laCode, reason: 'not-sent' });
  return plan;
}
