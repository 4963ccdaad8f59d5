import {
  SEARCH_BUNDLE_RECIPIENT,
  SEARCH_CONTRACT_VERSION,
  SEARCH_MESSAGE_TYPES,
  type SealedBody,
  type SearchQueryBundle,
  type SearchQueryBundleBody,
} from '@cp/contract';
import { sealedQueryDigest } from '@cp/locator';
import { signEnvelope, type SigningIdentity } from '@cp/pki';

/**
 * Signs a forward's sealed queries once for all their LAs (one signature per search instead of one
 * per LA): the bundle names each box by its digest over the receiving LA's code and the box, so each LA
 * checks this node's signature over its own box (sealed-envelopes.ts verifyAndOpen) and no other LA's box
 * passes for it. Digests are sorted, so their order says nothing about which LA is which.
 */
export function signQueryBundle(
  routeId: string,
  sealed: { laCode: string; sealed: SealedBody }[],
  from: SigningIdentity,
): SearchQueryBundle {
  const body: SearchQueryBundleBody = {
    v: SEARCH_CONTRACT_VERSION,
    routeId,
    digests: sealed.map((entry) => sealedQueryDigest(entry.laCode, entry.sealed)).sort(),
  };
  const envelope = signEnvelope(from, {
    recipient: SEARCH_BUNDLE_RECIPIENT,
    type: SEARCH_MESSAGE_TYPES.queryBundle,
    body,
  });
  return { envelope, sealed };
}
