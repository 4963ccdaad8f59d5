/**
 * Jaro-Winkler similarity of two strings (UTF-16 code units), the same values as talisman's
 * metrics/jaro-winkler (prefix scale 0.1 over at most 4 characters, boost from a Jaro score of 0.7), without
 * allocating arrays per call: scoring compares every candidate's name tokens, and talisman's per-call
 * arrays made it the hot spot (16 times slower still inside jest's module sandbox).
 */

const PREFIX_SCALE = 0.1;
const PREFIX_LIMIT = 4;
const BOOST_THRESHOLD = 0.7;

/** Reused buffers: which characters of the longer string are matched, and the match of each in the shorter. */
let matchedInLonger = new Uint8Array(64);
let matchOfShorter = new Int32Array(64);

function ensureCapacity(length: number): void {
  if (length <= matchedInLonger.length) return;
  const size = length > matchedInLonger.length * 2 ? length : matchedInLonger.length * 2;
  matchedInLonger = new Uint8Array(size);
  matchOfShorter = new Int32Array(size);
}

export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  ensureCapacity(longer.length);
  matchedInLonger.fill(0, 0, longer.length);
  // No Math.* in the loops: under jest's proxied global object each global lookup is slow.
  const half = ((longer.length / 2) | 0) - 1;
  const range = half > 0 ? half : 0;

  let matches = 0;
  for (let i = 0; i < shorter.length; i += 1) {
    matchOfShorter[i] = -1;
    const code = shorter.charCodeAt(i);
    const end = i + range + 1 < longer.length ? i + range + 1 : longer.length;
    for (let j = i > range ? i - range : 0; j < end; j += 1) {
      if (matchedInLonger[j] === 0 && code === longer.charCodeAt(j)) {
        matchOfShorter[i] = j;
        matchedInLonger[j] = 1;
        matches += 1;
        break;
      }
    }
  }
  if (matches === 0) return 0;

  // Matched characters of each string in its own order; each position where they differ is half a transposition.
  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < shorter.length; i += 1) {
    if (matchOfShorter[i] === -1) continue;
    while (matchedInLonger[j] === 0) j += 1;
    if (shorter.charCodeAt(i) !== longer.charCodeAt(j)) transpositions += 1;
    j += 1;
  }
  const t = (transpositions / 2) | 0;
  const m = matches;
  return (m / a.length + m / b.length + (m - t) / m) / 3;
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const similarity = jaro(a, b);
  if (similarity < BOOST_THRESHOLD) return similarity;
  let prefix = 0;
  while (
    prefix < PREFIX_LIMIT &&
    prefix < a.length &&
    prefix < b.length &&
    a.charCodeAt(prefix) === b.charCodeAt(prefix)
  ) {
    prefix += 1;
  }
  return similarity + prefix * PREFIX_SCALE * (1 - similarity);
}
