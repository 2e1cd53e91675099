import type { RateLimitDecision } from "./handle-submission.ts";
import { type KeyValueStore, KV_MIN_TTL_SECONDS } from "./key-value-store.ts";

/** How many clients one isolate tracks before forgetting the oldest. */
export const MEMORY_RATE_LIMIT_CLIENTS = 10_000;

/** One client's allowance. */
export interface RateLimit {
  /** posts allowed per window */
  max: number;
  /** the window's length, in seconds */
  windowSeconds: number;
}

/** Options for {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** clients tracked in memory (default: MEMORY_RATE_LIMIT_CLIENTS) */
  maxClients?: number;
  /** the clock, in milliseconds (default: Date.now) */
  now?: () => number;
  /** where failures of the shared store are reported; default console.warn */
  log?: (message: string) => void;
}

/** Counts posts per client in fixed windows. */
export interface RateLimiter {
  /**
   * Counts one post by `client` and says whether it may go ahead.
   *
   * @param client - the client's address (hashed before it is kept anywhere)
   * @param limit - the allowance
   * @param shared - a KV namespace shared by every isolate, when bound
   */
  take(client: string, limit: RateLimit, shared?: KeyValueStore): Promise<RateLimitDecision>;
}

/**
 * A fixed-window rate limit per client, kept as a SHA-256 of the client's address and never the
 * address itself.
 *
 * - In memory (always): a bounded map of clients for this isolate. Cloudflare runs many isolates, so
 *   alone it limits bursts, not a patient client; past `maxClients` the oldest client is forgotten.
 * - In KV (when bound), checked after memory allows: `rate:<window>:<hash>`, expiring after the
 *   window. KV is eventually consistent and takes about one write per second per key, so the shared
 *   count is approximate: it stops sustained floods, not a burst spread over locations. A KV failure
 *   falls back to the memory count.
 *
 * The hashes are unsalted: the Cloudflare account's owner could recover an IPv4 address from a KV key
 * while it lives (at most two windows).
 */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const {
    maxClients = MEMORY_RATE_LIMIT_CLIENTS,
    now = () => Date.now(),
    log = (message) => console.warn(message),
  } = options;
  const counts = new Map<string, { window: number; count: number }>();

  return {
    async take(client, limit, shared) {
      const time = now();
      const windowMs = limit.windowSeconds * 1000;
      const window = Math.floor(time / windowMs);
      const retryAfterSeconds = Math.ceil(((window + 1) * windowMs - time) / 1000);
      const key = await hash(client);

      const entry = counts.get(key);
      const count = entry && entry.window === window ? entry.count : 0;
      if (count >= limit.max) return { allowed: false, retryAfterSeconds };
      counts.delete(key);
      counts.set(key, { window, count: count + 1 });
      if (counts.size > maxClients) {
        for (const [old, value] of counts) {
          if (value.window !== window) counts.delete(old);
        }
        for (const old of counts.keys()) {
          if (counts.size <= maxClients) break;
          counts.delete(old);
        }
      }

      if (shared) {
        const sharedKey = `rate:${window}:${key}`;
        try {
          const stored = Number((await shared.get(sharedKey)) ?? 0);
          const sharedCount = Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
          if (sharedCount >= limit.max) return { allowed: false, retryAfterSeconds };
          await shared.put(sharedKey, String(sharedCount + 1), {
            expirationTtl: Math.max(KV_MIN_TTL_SECONDS, limit.windowSeconds + KV_MIN_TTL_SECONDS),
          });
        } catch {
          log("confide hook: the KV namespace failed; rate limiting with this isolate's count only.");
        }
      }
      return { allowed: true };
    },
  };
}

/** The first 128 bits of SHA-256, in hex. */
async function hash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`confide-rate-limit:${text}`),
  );
  return [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}
