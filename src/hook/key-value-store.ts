/**
 * The part of a Workers KV namespace the hook uses, named structurally so the hook's modules type-check
 * under Node's types as well as Workers' (a `KVNamespace` binding satisfies it).
 * https://developers.cloudflare.com/kv/api/
 */
export interface KeyValueStore {
  get(key: string): Promise<string | null>;
  /** `expirationTtl` is in seconds; KV refuses less than 60. */
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
}

/** KV's shortest expiry, in seconds. */
export const KV_MIN_TTL_SECONDS = 60;
