import { describe, expect, it } from "vitest";
import type { Delivery } from "../../src/hook/handle-submission.ts";
import type { KeyValueStore } from "../../src/hook/key-value-store.ts";
import { createReferenceLedger, MAX_VERSIONS_PER_REFERENCE } from "../../src/hook/reference-ledger.ts";

const identity = (digest: string, reference = "R-7K2M-9QXD", formId = "form") => ({
  formId,
  reference,
  digest,
});

/** A deliverer that records the versions it was asked for. */
function recording(answer: Delivery = { kind: "delivered" }) {
  const revisions: number[] = [];
  return {
    revisions,
    deliver: async (revision: number) => {
      revisions.push(revision);
      return answer;
    },
  };
}

class MemoryKv implements KeyValueStore {
  readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key) ?? null;
  }
  async put(key: string, value: string) {
    this.values.set(key, value);
  }
}

describe("createReferenceLedger", () => {
  it("issue 10: delivers a retry once and an edit as a new version, copies arriving together once", async () => {
    const ledger = createReferenceLedger({ log: () => {} }).with(undefined);
    const sink = recording();
    const together = await Promise.all([
      ledger.record(identity("a"), sink.deliver),
      ledger.record(identity("a"), sink.deliver),
      ledger.record(identity("b"), sink.deliver),
    ]);
    expect(together).toEqual([
      { kind: "delivered", revision: 1 },
      { kind: "retry", revision: 1 },
      { kind: "delivered", revision: 2 },
    ]);
    expect(sink.revisions).toEqual([1, 2]);
    // The same reference on another form is another report.
    expect(await ledger.record(identity("a", "R-7K2M-9QXD", "other"), sink.deliver)).toEqual({
      kind: "delivered",
      revision: 1,
    });
  });

  it("remembers only what was delivered: a failed delivery is tried again", async () => {
    const ledger = createReferenceLedger({ log: () => {} }).with(undefined);
    const failed: Delivery = { kind: "failed", status: 502, errors: [] };
    expect(await ledger.record(identity("a"), recording(failed).deliver)).toEqual(failed);
    expect(await ledger.record(identity("a"), recording().deliver)).toEqual({
      kind: "delivered",
      revision: 1,
    });
  });

  it("shares versions through KV between isolates, and forgets the oldest past the cap", async () => {
    const kv = new MemoryKv();
    const first = createReferenceLedger({ log: () => {} }).with(kv);
    await first.record(identity("a"), recording().deliver);
    const other = createReferenceLedger({ log: () => {} }).with(kv);
    expect(await other.record(identity("a"), recording().deliver)).toEqual({ kind: "retry", revision: 1 });
    expect(await other.record(identity("b"), recording().deliver)).toEqual({
      kind: "delivered",
      revision: 2,
    });
    expect(JSON.parse(kv.values.get("delivered:form:R-7K2M-9QXD") ?? "[]")).toEqual(["a", "b"]);
    for (let i = 0; i < MAX_VERSIONS_PER_REFERENCE; i++)
      await other.record(identity(`v${i}`), recording().deliver);
    expect(JSON.parse(kv.values.get("delivered:form:R-7K2M-9QXD") ?? "[]")).toHaveLength(
      MAX_VERSIONS_PER_REFERENCE,
    );
  });
});
