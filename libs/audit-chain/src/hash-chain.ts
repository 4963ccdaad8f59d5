import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue as CanonicalValue } from '@cp/canonical-json';

/** The hash the first entry of a chain links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** One link: its position, the hash it claims for the entry before it, its content and its own hash. */
export interface ChainLink {
  sequence: number;
  prevHash: string;
  hash: string;
  content: { [key: string]: CanonicalValue };
}

/** SHA-256 over the previous hash, the sequence and the canonical encoding of the content. */
export function linkHash(
  prevHash: string,
  sequence: number,
  content: { [key: string]: CanonicalValue },
): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(String(sequence))
    .update('\n')
    .update(canonicalJson(content))
    .digest('hex');
}

export type ChainBreak =
  | { sequence: number; problem: 'hash-mismatch' }
  | { sequence: number; problem: 'broken-link' }
  | { sequence: number; problem: 'gap' };

/**
 * Walks links in sequence order from `start` (the hash and sequence before the first link given).
 * Returns the first break: an edited entry (hash-mismatch), a reordered or replaced predecessor (broken-link),
 * or a missing entry (gap). Null when the chain holds.
 */
export function findChainBreak(
  links: Iterable<ChainLink>,
  start: { prevHash: string; sequence: number } = { prevHash: GENESIS_HASH, sequence: 0 },
): ChainBreak | null {
  let prevHash = start.prevHash;
  let expectedSequence = start.sequence + 1;
  for (const link of links) {
    if (link.sequence !== expectedSequence) return { sequence: expectedSequence, problem: 'gap' };
    if (link.prevHash !== prevHash) return { sequence: link.sequence, problem: 'broken-link' };
    if (linkHash(link.prevHash, link.sequence, link.content) !== link.hash) {
      return { sequence: link.sequence, problem: 'hash-mismatch' };
    }
    prevHash = link.hash;
    expectedSequence += 1;
  }
  return null;
}
