import { describe, expect, it } from "vitest";
import { mapInOrder } from "../../src/responder/map-in-order.ts";

/** A promise with its resolve and reject, for tests that decide when each task ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

async function collect<R>(generator: AsyncGenerator<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const value of generator) out.push(value);
  return out;
}

describe("mapInOrder", () => {
  it("rejects an unknown option", async () => {
    const generator = mapInOrder({
      items: [1],
      concurrency: 1,
      map: async (i: number) => i,
      limit: 2,
    } as never);
    await expect(generator.next()).rejects.toThrow("mapInOrder: unknown option limit");
  });

  it("yields the results in the items' order whatever order they finish in", async () => {
    const delays = [30, 0, 20, 5, 10, 0, 15];
    const results = await collect(
      mapInOrder({
        items: delays,
        concurrency: 3,
        map: (delay, index) =>
          new Promise<string>((resolve) => setTimeout(() => resolve(`${index}:${delay}`), delay)),
      }),
    );
    expect(results).toEqual(delays.map((delay, index) => `${index}:${delay}`));
  });

  it("never runs more than `concurrency` calls at once, and keeps that many running", async () => {
    let running = 0;
    let most = 0;
    const tasks = Array.from({ length: 20 }, () => deferred<number>());
    const generator = mapInOrder({
      items: tasks.keys(),
      concurrency: 4,
      map: async (i) => {
        running++;
        most = Math.max(most, running);
        try {
          return await tasks[i]?.promise;
        } finally {
          running--;
        }
      },
    });
    const first = generator.next();
    await flush();
    expect(running).toBe(4);
    // The first item is slow: later ones finishing make room for more while the consumer waits.
    tasks[1]?.resolve(1);
    tasks[2]?.resolve(2);
    await flush();
    expect(running).toBe(4);
    for (const [i, task] of tasks.entries()) task.resolve(i);
    expect((await first).value).toBe(0);
    const rest = [];
    for await (const value of generator) rest.push(value);
    expect(rest).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(most).toBe(4);
  });

  it("yields the first result while later ones are still running", async () => {
    const later = deferred<string>();
    const generator = mapInOrder({
      items: ["first", "second"],
      concurrency: 2,
      map: (item) => (item === "first" ? Promise.resolve(item) : later.promise),
    });
    expect(await generator.next()).toEqual({ done: false, value: "first" });
    later.resolve("second");
    expect(await generator.next()).toEqual({ done: false, value: "second" });
    expect((await generator.next()).done).toBe(true);
  });

  it("starts no item more than `window` ahead of the consumer", async () => {
    const started: number[] = [];
    const generator = mapInOrder({
      items: Array.from({ length: 50 }, (_, i) => i),
      concurrency: 2,
      window: 5,
      map: async (i) => {
        started.push(i);
        return i;
      },
    });
    await generator.next();
    for (let i = 0; i < 5; i++) await flush();
    // One taken, at most five more started and waiting for the consumer.
    expect(started.length).toBeLessThanOrEqual(6);
    await generator.return();
  });

  it("starts nothing more once the consumer stops", async () => {
    const started: number[] = [];
    for await (const value of mapInOrder({
      items: Array.from({ length: 100 }, (_, i) => i),
      concurrency: 3,
      map: async (i) => {
        started.push(i);
        return i;
      },
    })) {
      if (value === 2) break;
    }
    const count = started.length;
    await flush();
    expect(started.length).toBe(count);
    expect(count).toBeLessThan(100);
  });

  it("yields what came before a rejection, then throws it", async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const value of mapInOrder({
        items: [0, 1, 2, 3],
        concurrency: 4,
        map: async (i) => {
          if (i === 2) throw new Error("item 2 failed");
          return i;
        },
      }))
        seen.push(value);
    };
    await expect(run()).rejects.toThrow("item 2 failed");
    expect(seen).toEqual([0, 1]);
  });

  it("reads the items lazily, so a generator of items is fine, and yields nothing for none", async () => {
    function* numbers() {
      for (let i = 0; i < 5; i++) yield i;
    }
    expect(await collect(mapInOrder({ items: numbers(), concurrency: 2, map: async (i) => i * i }))).toEqual([
      0, 1, 4, 9, 16,
    ]);
    expect(await collect(mapInOrder({ items: [], concurrency: 2, map: async (i: number) => i }))).toEqual([]);
  });
});
