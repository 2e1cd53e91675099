import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/**
 * Maps items through an async function a few at a time and yields the results in the items' order,
 * each as soon as it and every one before it are done: the first result can be written while later
 * ones are still being computed, and the output order never depends on which finished first.
 */

/** A task's end, kept until its turn comes: a rejection waits for its turn too. */
type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Yields `map(item, index)` for every item, in the items' order.
 *
 * - At most `concurrency` calls of `map` run at once.
 * - At most `window` items are started and not yet taken by the consumer, so a slow consumer (a
 *   terminal, a disk) holds back the work instead of letting finished results pile up in memory.
 * - When the consumer stops early (`break`, `return`, a throw), no further item is started; calls
 *   already running finish and their results are dropped.
 * - When `map` rejects, the results before it are yielded, then the generator throws that error.
 *
 * @param options.items - the items, read lazily, once
 * @param options.concurrency - how many calls run at once (at least 1)
 * @param options.map - the work for one item; it receives the item's index
 * @param options.window - how far ahead of the consumer work may go (default 4 × concurrency; at
 *   least `concurrency`)
 * @throws TypeError on unknown options (when the first result is asked for)
 */
export async function* mapInOrder<T, R>(options: {
  items: Iterable<T>;
  concurrency: number;
  map: (item: T, index: number) => Promise<R>;
  window?: number;
}): AsyncGenerator<R, void, undefined> {
  const { items, map, ...rest } = options;
  const { concurrency: wanted, window: ahead, ...unknown } = rest;
  rejectUnknownOptions("mapInOrder", unknown);
  const concurrency = Math.max(1, Math.floor(wanted));
  const window = Math.max(concurrency, Math.floor(ahead ?? 4 * concurrency));
  const iterator = items[Symbol.iterator]();
  /** Started and not yet yielded, in order. */
  const queue: Array<Promise<Settled<R>>> = [];
  let running = 0;
  let exhausted = false;
  let stopped = false;
  let index = 0;

  const startMore = () => {
    while (!stopped && !exhausted && running < concurrency && queue.length < window) {
      const next = iterator.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      running++;
      const position = index++;
      queue.push(
        (async (): Promise<Settled<R>> => {
          try {
            return { ok: true, value: await map(next.value, position) };
          } catch (error) {
            return { ok: false, error };
          } finally {
            running--;
            // A finished call makes room at once, even while the consumer waits for an earlier one.
            startMore();
          }
        })(),
      );
    }
  };

  try {
    for (;;) {
      startMore();
      const head = queue.shift();
      if (!head) return;
      const settled = await head;
      if (!settled.ok) throw settled.error;
      yield settled.value;
    }
  } finally {
    stopped = true;
  }
}
