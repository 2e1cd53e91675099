import { describe, expect, it } from "vitest";
import type { KeyValueStore } from "../../src/hook/key-value-store.ts";
import { createRateLimiter } from "../../src/hook/rate-limiter.ts";

const LIMIT = { max: 2, windowSeconds: 600 };
/** 10:00:00 on some day: the start of a 600-second window. */
const WINDOW_START = 1_800_000_000_000 - (1_800_000_000_000 % 600_000);

/** A clock the test moves by hand. */
function clock(start = WINDOW_START) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** A KV namespace in memory that records what is written, and can be made to fail. */
function memoryStore(options: { fail?: boolean } = {}) {
  const values = new Map<string, string>();
  const puts: Array<{ key: string; value: string; ttl: number | undefined }> = [];
  const store: KeyValueStore = {
    async get(key) {
      if (options.fail) throw new Error("KV down");
      return values.get(key) ?? null;
    },
    async put(key, value, putOptions) {
      if (options.fail) throw new Error("KV down");
      values.set(key, value);
      puts.push({ key, value, ttl: putOptions?.expirationTtl });
    },
  };
  return { store, values, puts };
}

describe("createRateLimiter", () => {
  it("allows max posts per client in a window, then refuses with the seconds until the next window", async () => {
    const time = clock();
    const limiter = createRateLimiter({ now: time.now });
    expect(await limiter.take("203.0.113.7", LIMIT)).toEqual({ allowed: true });
    time.advance(100_000);
    expect(await limiter.take("203.0.113.7", LIMIT)).toEqual({ allowed: true });
    time.advance(150_500);
    expect(await limiter.take("203.0.113.7", LIMIT)).toEqual({ allowed: false, retryAfterSeconds: 350 });
  });

  it("counts each client on its own", async () => {
    const limiter = createRateLimiter({ now: clock().now });
    for (let i = 0; i < 2; i++) await limiter.take("a", LIMIT);
    expect((await limiter.take("a", LIMIT)).allowed).toBe(false);
    expect((await limiter.take("b", LIMIT)).allowed).toBe(true);
  });

  it("starts afresh in the next window", async () => {
    const time = clock();
    const limiter = createRateLimiter({ now: time.now });
    for (let i = 0; i < 3; i++) await limiter.take("a", LIMIT);
    time.advance(600_000);
    expect(await limiter.take("a", LIMIT)).toEqual({ allowed: true });
  });

  it("refuses every post when the allowance is zero", async () => {
    const limiter = createRateLimiter({ now: clock().now });
    expect(await limiter.take("a", { max: 0, windowSeconds: 60 })).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
    });
  });

  it("forgets the oldest client past maxClients, so memory stays bounded", async () => {
    const limiter = createRateLimiter({ now: clock().now, maxClients: 2 });
    const once = { max: 1, windowSeconds: 600 };
    await limiter.take("first", once);
    await limiter.take("second", once);
    await limiter.take("third", once);
    // "first" was forgotten: allowed again; "third" is still counted.
    expect((await limiter.take("first", once)).allowed).toBe(true);
    expect((await limiter.take("third", once)).allowed).toBe(false);
  });

  it("keeps a hash of the client's address in the shared store, never the address, expiring after the window", async () => {
    const { store, puts } = memoryStore();
    const limiter = createRateLimiter({ now: clock().now });
    await limiter.take("203.0.113.7", LIMIT, store);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.key).toMatch(new RegExp(`^rate:${WINDOW_START / 600_000}:[0-9a-f]{32}$`));
    expect(puts[0]?.key).not.toContain("203.0.113.7");
    expect(puts[0]?.value).toBe("1");
    expect(puts[0]?.ttl).toBe(660);
  });

  it("gives KV at least its shortest expiry for short windows", async () => {
    const { store, puts } = memoryStore();
    await createRateLimiter({ now: clock().now }).take("a", { max: 5, windowSeconds: 1 }, store);
    expect(puts[0]?.ttl).toBe(61);
  });

  it("refuses a client the shared count has used up, though this isolate has not seen it", async () => {
    const { store } = memoryStore();
    const time = clock();
    const otherIsolate = createRateLimiter({ now: time.now });
    for (let i = 0; i < 2; i++) await otherIsolate.take("a", LIMIT, store);
    const thisIsolate = createRateLimiter({ now: time.now });
    expect(await thisIsolate.take("a", LIMIT, store)).toMatchObject({ allowed: false });
  });

  it("reads a damaged shared count as none", async () => {
    const { store, values, puts } = memoryStore();
    const limiter = createRateLimiter({ now: clock().now });
    await limiter.take("a", LIMIT, store);
    const [key] = [...values.keys()];
    for (const damaged of ["-5", "NaN", "1e400", "2.5", "lots"]) {
      values.set(key as string, damaged);
      expect(await createRateLimiter({ now: clock().now }).take("a", LIMIT, store)).toEqual({
        allowed: true,
      });
    }
    expect(puts.map((put) => put.value)).toEqual(["1", "1", "1", "1", "1", "1"]);
  });

  it("falls back to this isolate's count when the shared store fails, and says so in the log", async () => {
    const logs: string[] = [];
    const { store } = memoryStore({ fail: true });
    const limiter = createRateLimiter({ now: clock().now, log: (message) => logs.push(message) });
    expect(await limiter.take("a", LIMIT, store)).toEqual({ allowed: true });
    expect(await limiter.take("a", LIMIT, store)).toEqual({ allowed: true });
    expect((await limiter.take("a", LIMIT, store)).allowed).toBe(false);
    expect(logs).toEqual([
      "confide hook: the KV namespace failed; rate limiting with this isolate's count only.",
      "confide hook: the KV namespace failed; rate limiting with this isolate's count only.",
    ]);
  });
});
