import { createMessage, encrypt, type PrivateKey, readKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RECIPIENT_PACKETS } from "../../src/report/message-packets.ts";
import { LARGE_BUCKET } from "../../src/report/pad-report.ts";
import { MAX_CIPHERTEXT_BYTES } from "../../src/report/validate-submission.ts";
import { decryptBounded, MAX_REPORT_BYTES } from "../../src/responder/bounded-decrypt.ts";
import { readResponderKey } from "../../src/responder/decrypt-messages.ts";
import { NOW } from "../helpers/content-folder.ts";
import { type GpgHome, makeGpgHome } from "../helpers/gpg.ts";
import { BZIP2_BOMB } from "../helpers/hostile-messages.ts";
import { ADA_PRIVATE, ADA_PUBLIC, encryptedReport, referenceFor } from "./encrypted-reports.ts";

/**
 * Issue 10: a report can never make decryption use more than a bounded amount of memory. The hostile
 * fixture is the issue's own: 256 MiB of zeros, bzip2-compressed inside the encryption, 789 bytes.
 */

let adaKeys: PrivateKey[];
let gpg: GpgHome;

beforeAll(async () => {
  const key = await readResponderKey({ key: new TextEncoder().encode(ADA_PRIVATE) });
  if (key.kind !== "private") throw new Error("the demo key should read as a private key");
  adaKeys = key.keys;
  gpg = await makeGpgHome([ADA_PRIVATE]);
});

afterAll(async () => {
  await gpg.remove();
});

/** Memory held outside V8's heap (Uint8Arrays) plus the heap, in bytes: what a bomb would inflate. */
function memoryInUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe("decryptBounded with keys", () => {
  it("issue 10: refuses the 789-byte bzip2 message that holds 256 MiB, without inflating it", async () => {
    expect(BZIP2_BOMB.length).toBeLessThan(1024);
    const before = memoryInUse();
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memoryInUse());
    }, 1);
    const result = await decryptBounded({ armored: BZIP2_BOMB, decrypter: { kind: "keys", keys: adaKeys } });
    clearInterval(sampler);
    peak = Math.max(peak, memoryInUse());
    expect(result.kind).toBe("refused");
    expect(result.kind === "refused" && result.reason).toMatch(/more than 8 MiB/);
    // Generous: the limit is 8 MiB; inflating the message would take 256 MiB.
    expect(peak - before).toBeLessThan(96 * 1024 * 1024);
  });

  it("decrypts a report of exactly the limit, and refuses one byte more", async () => {
    // A padded report is exactly 4096 bytes.
    const armored = await encryptedReport({ reference: referenceFor(10) });
    const decrypter = { kind: "keys", keys: adaKeys } as const;
    const exact = await decryptBounded({ armored, decrypter, maxBytes: 4096 });
    expect(exact.kind).toBe("decrypted");
    expect(exact.kind === "decrypted" && new TextEncoder().encode(exact.plaintext).length).toBe(4096);
    const under = await decryptBounded({ armored, decrypter, maxBytes: 4095 });
    expect(under.kind).toBe("refused");
    expect(under.kind === "refused" && under.reason).toMatch(/more than 4095 bytes/);
  });

  it("refuses a zlib-compressed message past the limit as the decompression runs", async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const armored = await encrypt({
      message: await createMessage({ binary: zeros }),
      encryptionKeys: await readKey({ armoredKey: ADA_PUBLIC }),
      config: { preferredCompressionAlgorithm: 2 /* zlib */ },
      date: NOW,
    });
    expect(armored.length).toBeLessThan(16 * 1024);
    const decrypter = { kind: "keys", keys: adaKeys } as const;
    expect((await decryptBounded({ armored, decrypter, maxBytes: 1024 * 1024 })).kind).toBe("refused");
    const whole = await decryptBounded({ armored, decrypter });
    expect(whole.kind === "decrypted" && whole.plaintext.length).toBe(zeros.length);
  });

  it("issue 10: refuses a message naming more recipients than any form sends, before trying them", async () => {
    const ada = await readKey({ armoredKey: ADA_PUBLIC });
    const armored = await encrypt({
      message: await createMessage({ text: "many recipients" }),
      encryptionKeys: Array.from({ length: MAX_RECIPIENT_PACKETS + 1 }, () => ada),
      date: NOW,
    });
    const result = await decryptBounded({ armored, decrypter: { kind: "keys", keys: adaKeys } });
    expect(result).toEqual({
      kind: "refused",
      reason: `refused: it names ${MAX_RECIPIENT_PACKETS + 1} recipients, more than the ${MAX_RECIPIENT_PACKETS} any report form sends (trying each would take minutes)`,
    });
  });

  it("rejects unknown options and a limit that is not a positive whole number", () => {
    const decrypter = { kind: "keys", keys: adaKeys } as const;
    expect(() => decryptBounded({ armored: "", decrypter, limit: 1 } as never)).toThrow(
      /unknown option limit/,
    );
    expect(() => decryptBounded({ armored: "", decrypter, maxBytes: 0 })).toThrow(/positive whole number/);
  });

  it("keeps the limit well above the largest report the inbox and the hook accept", () => {
    expect(MAX_REPORT_BYTES).toBeGreaterThanOrEqual(4 * MAX_CIPHERTEXT_BYTES);
    expect(MAX_REPORT_BYTES % LARGE_BUCKET).toBe(0);
  });
});

describe("decryptBounded with gpg", () => {
  it("issue 10: refuses the 256 MiB bzip2 message and stops gpg", async () => {
    const result = await decryptBounded({
      armored: BZIP2_BOMB,
      decrypter: { kind: "gpg", env: gpg.env },
    });
    expect(result.kind).toBe("refused");
    expect(result.kind === "refused" && result.reason).toMatch(/more than 8 MiB/);
  });

  it("decrypts a report of exactly the limit, and refuses one byte more", async () => {
    const armored = await encryptedReport({ reference: referenceFor(11) });
    const decrypter = { kind: "gpg", env: gpg.env } as const;
    expect((await decryptBounded({ armored, decrypter, maxBytes: 4096 })).kind).toBe("decrypted");
    expect((await decryptBounded({ armored, decrypter, maxBytes: 4095 })).kind).toBe("refused");
  });
});
