// In-memory fixed-window rate limits. Keys are opaque (a salted hash of an address, or a
// session id); nothing here is stored or logged. With several app instances each keeps its
// own counts, which loosens the limit by that factor: acceptable for abuse control, and it
// needs no shared store that would hold addresses.
export interface RateLimit {
  /** Counts one attempt; false when the key is over its limit for this window. */
  hit(key: string): boolean;
  /** True when the key is already over its limit, without counting an attempt. */
  blocked(key: string): boolean;
}

export function createRateLimit(options: { limit: number; windowMs: number; now?: () => number }): RateLimit {
  const now = options.now ?? Date.now;
  let windowStart = now();
  let counts = new Map<string, number>();
  const roll = () => {
    const time = now();
    if (time - windowStart >= options.windowMs) {
      // A new window forgets every key: memory stays bounded by one window's traffic.
      windowStart = time;
      counts = new Map();
    }
  };
  return {
    blocked(key) {
      roll();
      return (counts.get(key) ?? 0) >= options.limit;
    },
    hit(key) {
      roll();
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return count <= options.limit;
    },
  };
}
