import { createHash } from 'node:crypto';
import { canonicalJson } from '@cp/canonical-json';
import type { SealedMessage } from './sealed-message';

/**
 * One signature for all the sealed queries of a search. The asker signs a bundle naming each sealed query
 * by its digest, SHA-256 over the canonical JSON of the receiving LA's code and the sealed box; the hub
 * relays to each LA the signed bundle and that LA's box alone. The receiver recomputes the digest of its
 * own code and box and finds it in the signed list: the asker's signature then covers that box as surely
 * as a signature over the box itself would, and a box relayed to another LA (or swapped for another) is
 * not in the list. The digests hide which LAs the others are (each covers a random ciphertext), though the
 * receiver sees how many there are.
 */
export function sealedQueryDigest(toLa: string, sealed: SealedMessage): string {
  const { recipientFingerprint, wrappedKey, iv, ciphertext, tag } = sealed;
  return createHash('sha256')
    .update(canonicalJson({ toLa, sealed: { recipientFingerprint, wrappedKey, iv, ciphertext, tag } }))
    .digest('base64url');
}

/** True when `digests` (from a signed bundle) names this LA's box. */
export function bundleNames(digests: readonly unknown[], toLa: string, sealed: SealedMessage): boolean {
  const digest = sealedQueryDigest(toLa, sealed);
  return digests.some((candidate) => candidate === digest);
}
