import { describe, expect, it } from "vitest";
import { readBounded } from "../../src/streams/read-bounded.ts";

/** A stream of `count` chunks of `size` bytes; `pulled` says how many were read from it. */
function chunks(count: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= count) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(size).fill(state.pulled));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, state };
}

describe("readBounded", () => {
  it("reads a stream up to the limit whole, in order", async () => {
    const { stream } = chunks(3, 4);
    const read = await readBounded(stream, 12);
    expect(read).toEqual({ kind: "read", bytes: new Uint8Array([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]) });
  });

  it("stops at the first chunk past the limit and cancels the rest unread", async () => {
    const { stream, state } = chunks(1000, 1024);
    expect(await readBounded(stream, 10 * 1024)).toEqual({ kind: "too-large" });
    expect(state.pulled).toBe(11);
    expect(state.cancelled).toBe(true);
  });

  it("rejects when the stream fails", async () => {
    const failing = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error("connection reset"));
      },
    });
    await expect(readBounded(failing, 10)).rejects.toThrow("connection reset");
  });
});
