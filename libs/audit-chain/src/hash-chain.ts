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

/** Where a walk stands: the hash and sequence of the last link seen (GENESIS_HASH and 0 before the first). */
export interface ChainPosition {
  prevHash: string;
  sequence: number;
}

export const CHAIN_START: ChainPosition = { prevHash: GENESIS_HASH, sequence: 0 };

/**
 * Walks links in sequence order from `start` and names EVERY break, so a break at one entry never hides a
 * changed entry after it: an edited entry (hash-mismatch), a reordered or replaced predecessor (broken-link),
 * or missing entries (gap, named at the first missing sequence). After a break the walk goes on from the
 * link as stored, so each later entry is still checked against its own stored neighbours.
 * Returns the breaks in order and the position after the last link, to continue with the next batch.
 */
export function walkChain(
  links: Iterable<ChainLink>,
  start: ChainPosition = CHAIN_START,
): { breaks: ChainBreak[]; end: ChainPosition } {
  const breaks: ChainBreak[] = [];
  let { prevHash, sequence } = start;
  for (const link of links) {
    const expectedSequence = sequence + 1;
    if (link.sequence > expectedSequence) {
      // The missing entries' hashes are unknown, so the link after a gap cannot be checked: the gap is the break.
      breaks.push({ sequence: expectedSequence, problem: 'gap' });
    } else if (link.sequence < expectedSequence || link.prevHash !== prevHash) {
      breaks.push({ sequence: link.sequence, problem: 'broken-link' });
    }
    if (linkHash(link.prevHash, link.sequence, link.content) !== link.hash) {
      breaks.push({ sequence: link.sequence, problem: 'hash-mismatch' });
    }
    prevHash = link.hash;
    sequence = Math.max(sequence, link.sequence);
  }
  return { breaks, end: { prevHash, sequence } };
}

/** The first break of a walk from `start` (see walkChain), or null when the chain holds. */
export function findChainBreak(
  links: Iterable<ChainLink>,
  start: ChainPosition = CHAIN_START,
): ChainBreak | null {
  return walkChain(links, start).breaks[0] ?? null;
}
