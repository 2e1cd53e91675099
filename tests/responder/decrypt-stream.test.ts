import { describe, expect, it } from "vitest";
import type { DecryptResult, MessageDecryptor } from "../../src/responder/decrypt-messages.ts";
import { decryptInOrder } from "../../src/responder/decrypt-stream.ts";
import type { FoundMessage } from "../../src/responder/find-messages.ts";

const message = (armored: string, row: number): FoundMessage => ({
  source: "export.csv",
  format: "csv",
  row,
  armored,
});

describe("decryptInOrder", () => {
  it("rejects an unknown option", async () => {
    const decrypt: MessageDecryptor = async (armored) => ({ kind: "decrypted", plaintext: armored });
    const outcomes = decryptInOrder({ messages: [], decrypt, concurrency: 1, parallel: 2 } as never);
    await expect(outcomes.next()).rejects.toThrow("decryptInOrder: unknown option parallel");
  });

  it("yields the first report while later ones are still being decrypted", async () => {
    let releaseSlow: () => void = () => undefined;
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const decrypt: MessageDecryptor = async (armored) => {
      if (armored === "slow") await slow;
      return { kind: "decrypted", plaintext: armored };
    };
    const outcomes = decryptInOrder({
      messages: [message("first", 2), message("slow", 3)],
      decrypt,
      concurrency: 4,
    });
    const first = await outcomes.next();
    expect(first.value).toMatchObject({ kind: "decrypted", plaintext: "first" });
    releaseSlow();
    expect((await outcomes.next()).value).toMatchObject({ kind: "decrypted", plaintext: "slow" });
    expect((await outcomes.next()).done).toBe(true);
  });

  it("starts no further decryption once the reader stops", async () => {
    const tried: string[] = [];
    const decrypt: MessageDecryptor = async (armored): Promise<DecryptResult> => {
      tried.push(armored);
      return { kind: "decrypted", plaintext: armored };
    };
    for await (const outcome of decryptInOrder({
      messages: Array.from({ length: 200 }, (_, i) => message(`m${i}`, i + 2)),
      decrypt,
      concurrency: 2,
    })) {
      if (outcome.kind === "decrypted" && outcome.plaintext === "m3") break;
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(tried.length).toBeLessThan(20);
  });

  it("ends with the reason when the decryptor turns unusable midway, after the reports before it", async () => {
    const decrypt: MessageDecryptor = async (armored) =>
      armored === "m2"
        ? { kind: "unusable", reason: "gpg's agent went away" }
        : { kind: "decrypted", plaintext: armored };
    const kinds: string[] = [];
    for await (const outcome of decryptInOrder({
      messages: Array.from({ length: 6 }, (_, i) => message(`m${i}`, i + 2)),
      decrypt,
      concurrency: 1,
    }))
      kinds.push(outcome.kind === "unusable" ? `unusable: ${outcome.reason}` : outcome.kind);
    expect(kinds).toEqual(["decrypted", "decrypted", "unusable: gpg's agent went away"]);
  });
});
