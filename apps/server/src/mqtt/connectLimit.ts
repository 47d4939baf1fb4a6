/**
 * How often one client id may connect: a token bucket per id, `burst` connects at once and one
 * more every `everyMs`. A device that reconnects in a loop (a bug, a bad network, a refused message
 * in a client that retries forever) then costs the broker a refused CONNECT every few seconds
 * instead of a session a second. Memory is bounded: ids whose bucket has filled up again are
 * forgotten whenever the map grows past `maxIds`.
 */
export class ConnectLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly o: { burst: number; everyMs: number; maxIds?: number } = {
      burst: 10,
      everyMs: 10_000,
    },
  ) {}

  /** Takes one connect for the id at `now`; false when the id has none left. */
  take(id: string, now: number): boolean {
    let b = this.buckets.get(id);
    if (!b) {
      if (this.buckets.size >= (this.o.maxIds ?? 100_000)) this.forgetFull(now);
      b = { tokens: this.o.burst, at: now };
      this.buckets.set(id, b);
    }
    b.tokens = Math.min(this.o.burst, b.tokens + (now - b.at) / this.o.everyMs);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private forgetFull(now: number): void {
    for (const [id, b] of this.buckets)
      if (b.tokens + (now - b.at) / this.o.everyMs >= this.o.burst) this.buckets.delete(id);
  }
}
