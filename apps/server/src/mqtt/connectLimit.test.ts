import { describe, expect, it } from 'vitest';
import { ConnectLimiter } from './connectLimit.js';

describe('ConnectLimiter', () => {
  it('lets a client id connect `burst` times at once, then once per period', () => {
    const limiter = new ConnectLimiter({ burst: 3, everyMs: 10_000 });
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('wp-0001', t0))).toEqual([true, true, true, false]);
    expect(limiter.take('wp-0001', t0 + 9_999)).toBe(false);
    expect(limiter.take('wp-0001', t0 + 10_000)).toBe(true);
    expect(limiter.take('wp-0001', t0 + 10_001)).toBe(false);
    // Another id has its own budget.
    expect(limiter.take('wp-0002', t0 + 10_001)).toBe(true);
    // A long quiet spell refills the burst, no more.
    const later = t0 + 3_600_000;
    expect([1, 2, 3, 4].map(() => limiter.take('wp-0001', later))).toEqual([true, true, true, false]);
  });

  it('forgets ids whose budget has refilled when it holds too many', () => {
    const limiter = new ConnectLimiter({ burst: 2, everyMs: 1000, maxIds: 2 });
    limiter.take('a', 0);
    limiter.take('a', 0);
    limiter.take('b', 0);
    // At 5 s both have refilled: making room for c forgets them, and a starts afresh.
    expect(limiter.take('c', 5000)).toBe(true);
    expect([limiter.take('a', 5000), limiter.take('a', 5000), limiter.take('a', 5000)]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
