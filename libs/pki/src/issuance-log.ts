import { createHash } from 'node:crypto';
import { canonicalJson } from '@cp/canonical-json';

/**
 * The CA's append-only issuance log. Each entry commits to the previous one's hash, so an entry cannot be
 * removed or changed without breaking every later hash; nodes fetch it and look for certificates in their
 * own name that they did not ask for.
 */
export interface IssuanceEntry {
  sequence: number;
  serial: string;
  /** LA code or 'hub'. */
  subject: string;
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  issuedAt: string;
  previousHash: string;
  entryHash: string;
}

export const ISSUANCE_GENESIS_HASH = '0'.repeat(64);

export function issuanceEntryHash(entry: Omit<IssuanceEntry, 'entryHash'>): string {
  return createHash('sha256').update(canonicalJson(entry)).digest('hex');
}

/** The next entry after `previous` (or the first when there is none). */
export function nextIssuanceEntry(
  previous: Pick<IssuanceEntry, 'sequence' | 'entryHash'> | undefined,
  fields: Omit<IssuanceEntry, 'sequence' | 'previousHash' | 'entryHash'>,
): IssuanceEntry {
  const unhashed = {
    ...fields,
    sequence: previous ? previous.sequence + 1 : 1,
    previousHash: previous ? previous.entryHash : ISSUANCE_GENESIS_HASH,
  };
  return { ...unhashed, entryHash: issuanceEntryHash(unhashed) };
}

/** Index of the first entry that breaks the chain, or -1 when the whole log holds. */
export function firstBrokenIssuanceEntry(entries: IssuanceEntry[]): number {
  let previousHash = ISSUANCE_GENESIS_HASH;
  for (let index = 0; index < entries.length; index++) {
    const { entryHash, ...rest } = entries[index];
    if (rest.sequence !== index + 1 || rest.previousHash !== previousHash) return index;
    if (issuanceEntryHash(rest) !== entryHash) return index;
    previousHash = entryHash;
  }
  return -1;
}

/** The last entry a party has seen: what it remembers so a later log must extend it. */
export interface IssuanceHead {
  sequence: number;
  entryHash: string;
}

/**
 * Whether `entries` still contains the head seen earlier, unchanged. A log rewritten from scratch (every hash
 * recomputed) keeps a valid chain but loses the old head: this is how a node notices.
 */
export function extendsIssuanceHead(entries: IssuanceEntry[], head: IssuanceHead | undefined): boolean {
  if (!head) return true;
  return entries[head.sequence - 1]?.entryHash === head.entryHash;
}

/** Certificates issued in an LA's name that the LA does not know of: a sign of a rogue issuance. */
export function unexpectedIssuances(
  entries: IssuanceEntry[],
  laCode: string,
  knownFingerprints: Iterable<string>,
): IssuanceEntry[] {
  const known = new Set(knownFingerprints);
  return entries.filter((entry) => entry.subject === laCode && !known.has(entry.fingerprint));
}
