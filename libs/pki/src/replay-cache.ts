/**
 * Nonces seen within the freshness window. A message older than the window is refused as stale,
 * so a nonce need only be remembered for the window's length (twice, to cover clock skew either side).
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries = 1_000_000,
  ) {}

  /** Records the nonce; false when it was already seen inside the window. */
  remember(sender: string, nonce: string, nowMs: number): boolean {
    this.evict(nowMs);
    const key = `${sender}\u0000${nonce}`;
    if (this.seen.has(key)) return false;
    if (this.seen.size >= this.maxEntries)
      throw new Error('Replay cache full: refusing rather than forgetting');
    this.seen.set(key, nowMs + 2 * this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(nowMs: number): void {
    // Map keeps insertion order and expiry grows with insertion time, so the oldest come first.
    for (const [key, expiresAt] of this.seen) {
      if (expiresAt > nowMs) break;
      this.seen.delete(key);
    }
  }
}
