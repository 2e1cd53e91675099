import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKey, type PrivateKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  classifyGpg,
  type DecryptResult,
  decryptMessages,
  gpgDecryptor,
  keyDecryptor,
  type MessageDecryptor,
  readResponderKey,
  unlockResponderKey,
} from "../../src/responder/decrypt-messages.ts";
import type { FoundMessage } from "../../src/responder/find-messages.ts";
import { NOW } from "../helpers/content-folder.ts";
import { runGpg } from "../helpers/gpg.ts";
import {
  ADA_PRIVATE,
  ADA_PUBLIC,
  encryptedReport,
  flipBit,
  OTHER_PUBLIC,
  referenceFor,
} from "./encrypted-reports.ts";

const PASSPHRASE = "correct horse battery staple";
const bytes = (text: string) => new TextEncoder().encode(text);

let adaKeys: PrivateKey[];
let forAda: string;
let forOther: string;
let forBoth: string;

beforeAll(async () => {
  const key = await readResponderKey({ key: bytes(ADA_PRIVATE) });
  if (key.kind !== "private") throw new Error("the demo key should read as a private key");
  adaKeys = key.keys;
  [forAda, forOther, forBoth] = await Promise.all([
    encryptedReport({ reference: referenceFor(1) }),
    encryptedReport({ reference: referenceFor(2), recipientKeys: [OTHER_PUBLIC] }),
    encryptedReport({ reference: referenceFor(3), recipientKeys: [OTHER_PUBLIC, ADA_PUBLIC] }),
  ]);
});

function message(armored: string, row = 1, damage?: string): FoundMessage {
  return { source: "test.asc", format: "text", row, armored, ...(damage ? { damage } : {}) };
}

describe("readResponderKey", () => {
  it("reads an unprotected private key as ready to use", async () => {
    const key = await readResponderKey({ key: bytes(ADA_PRIVATE) });
    expect(key.kind).toBe("private");
    expect(key.kind === "private" && key.locked).toBe(false);
  });

  it("says a public key is public", async () => {
    expect(await readResponderKey({ key: bytes(ADA_PUBLIC) })).toEqual({ kind: "public" });
  });

  it("says text that is no key is invalid, with openpgp's reason", async () => {
    const key = await readResponderKey({ key: bytes("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nnope\n") });
    expect(key.kind).toBe("invalid");
  });

  it("reads a binary key, as gpg exports it without --armor", async () => {
    const { privateKey } = await generateKey({ userIDs: [{ email: "bin@example.org" }], format: "binary" });
    const key = await readResponderKey({ key: privateKey });
    expect(key.kind === "private" && key.keys.length).toBe(1);
  });
});

describe("unlockResponderKey", () => {
  it("unlocks a passphrase-protected key with its passphrase, and refuses a wrong one", async () => {
    const { privateKey } = await generateKey({
      userIDs: [{ email: "locked@example.org" }],
      passphrase: PASSPHRASE,
      format: "armored",
      date: NOW,
    });
    const key = await readResponderKey({ key: bytes(privateKey) });
    if (key.kind !== "private") throw new Error("expected a private key");
    expect(key.locked).toBe(true);
    expect(await unlockResponderKey({ keys: key.keys, passphrase: "wrong" })).toEqual({
      kind: "wrong-passphrase",
    });
    const unlocked = await unlockResponderKey({ keys: key.keys, passphrase: PASSPHRASE });
    expect(unlocked.kind === "unlocked" && unlocked.keys.every((k) => k.isDecrypted())).toBe(true);
  });
});

describe("keyDecryptor", () => {
  it("decrypts a report addressed to the key, alone or with another recipient", async () => {
    const decrypt = keyDecryptor({ keys: adaKeys });
    for (const [armored, reference] of [
      [forAda, referenceFor(1)],
      [forBoth, referenceFor(3)],
    ] as const) {
      const result = await decrypt(armored);
      expect(result.kind).toBe("decrypted");
      expect(result.kind === "decrypted" && result.plaintext).toContain(`Reference: ${reference}\n`);
    }
  });

  it("says a report for another key is not addressed to this one", async () => {
    expect(await keyDecryptor({ keys: adaKeys })(forOther)).toEqual({
      kind: "not-addressed",
      reason: "not addressed to this key",
    });
  });

  it("says a message with a flipped bit, or armor that cannot be read, is damaged", async () => {
    const decrypt = keyDecryptor({ keys: adaKeys });
    const flipped = await decrypt(flipBit(forAda));
    expect(flipped.kind).toBe("damaged");
    expect(flipped.kind === "damaged" && flipped.reason).toMatch(/^the message does not decrypt intact/);
    const garbled = await decrypt("-----BEGIN PGP MESSAGE-----\n\n!!!!\n-----END PGP MESSAGE-----\n");
    expect(garbled.kind).toBe("damaged");
    expect(garbled.kind === "damaged" && garbled.reason).toMatch(/^the message cannot be read/);
  });
});

describe("decryptMessages", () => {
  it("returns the outcomes in the order of the messages, whatever order they finish in", async () => {
    const decrypt: MessageDecryptor = async (armored) => {
      await new Promise((resolve) => setTimeout(resolve, armored === "slow" ? 30 : 1));
      return armored === "other"
        ? { kind: "not-addressed", reason: "not addressed to this key" }
        : { kind: "decrypted", plaintext: armored };
    };
    const result = await decryptMessages({
      messages: ["first", "slow", "other", "fast"].map((text, i) => message(text, i + 1)),
      decrypt,
    });
    expect(result.kind === "done" && result.outcomes.map((o) => [o.kind, o.message.row])).toEqual([
      ["decrypted", 1],
      ["decrypted", 2],
      ["not-addressed", 3],
      ["decrypted", 4],
    ]);
  });

  it("decrypts the first message alone, then no more than `concurrency` at once", async () => {
    let running = 0;
    const peaks: number[] = [];
    const decrypt: MessageDecryptor = async (armored) => {
      running++;
      peaks.push(running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return { kind: "decrypted", plaintext: armored };
    };
    await decryptMessages({
      messages: Array.from({ length: 20 }, (_, i) => message(`m${i}`, i + 1)),
      decrypt,
      concurrency: 3,
    });
    expect(peaks).toHaveLength(20);
    expect(peaks[0]).toBe(1);
    expect(Math.max(...peaks)).toBe(3);
  });

  it("does not try to decrypt a message already known to be damaged", async () => {
    const tried: string[] = [];
    const decrypt: MessageDecryptor = async (armored) => {
      tried.push(armored);
      return { kind: "decrypted", plaintext: armored };
    };
    const result = await decryptMessages({
      messages: [message("cut", 1, "the message is cut short"), message("whole", 2)],
      decrypt,
    });
    expect(tried).toEqual(["whole"]);
    expect(result.kind === "done" && result.outcomes[0]).toMatchObject({
      kind: "damaged",
      reason: "the message is cut short",
    });
  });

  it("stops when the decryptor cannot work at all, and says why", async () => {
    let calls = 0;
    const decrypt: MessageDecryptor = async (): Promise<DecryptResult> => {
      calls++;
      return { kind: "unusable", reason: "gpg was not found" };
    };
    const result = await decryptMessages({
      messages: Array.from({ length: 10 }, (_, i) => message(`m${i}`, i + 1)),
      decrypt,
    });
    expect(result).toEqual({ kind: "unusable", reason: "gpg was not found" });
    expect(calls).toBe(1);
  });

  it("decrypts real messages with a key and classifies each", async () => {
    const result = await decryptMessages({
      messages: [forAda, forOther, flipBit(forAda), forBoth].map((armored, i) => message(armored, i + 1)),
      decrypt: keyDecryptor({ keys: adaKeys }),
    });
    expect(result.kind === "done" && result.outcomes.map((o) => o.kind)).toEqual([
      "decrypted",
      "not-addressed",
      "damaged",
      "decrypted",
    ]);
  });
});

describe("classifyGpg", () => {
  const outcome = (status: string[], code = 2, stderr = "") =>
    classifyGpg({ status, code, stdout: bytes("plaintext"), stderr }).kind;

  it("counts a message as decrypted when gpg says so, even if it exits 2 for another recipient", () => {
    expect(
      outcome([
        "ENC_TO 0000000000000000 18 0",
        "DECRYPTION_KEY A B -",
        "NO_SECKEY 0000000000000000",
        "DECRYPTION_OKAY",
        "GOODMDC",
      ]),
    ).toBe("decrypted");
  });

  it("says not addressed when no secret key could open the session key", () => {
    expect(outcome(["ENC_TO 0000000000000000 18 0", "NO_SECKEY 0000000000000000", "DECRYPTION_FAILED"])).toBe(
      "not-addressed",
    );
  });

  it("says damaged when the data was modified or is not OpenPGP at all", () => {
    expect(
      outcome(["ENC_TO 0000000000000000 18 0", "DECRYPTION_KEY A B -", "BADMDC", "DECRYPTION_FAILED"]),
    ).toBe("damaged");
    expect(outcome(["NODATA 1"])).toBe("damaged");
  });

  it("stops on a passphrase gpg could not get", () => {
    expect(outcome(["ENC_TO 0000000000000000 18 0", "BAD_PASSPHRASE ABCDEF"])).toBe("unusable");
  });
});

describe("gpgDecryptor", () => {
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "confide-gpg-"));
    const imported = await runGpg(home, ["--import"], { input: ADA_PRIVATE });
    if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
  });

  afterAll(async () => {
    await new Promise((resolve) =>
      spawn("gpgconf", ["--homedir", home, "--kill", "all"]).on("close", resolve).on("error", resolve),
    );
    await rm(home, { recursive: true, force: true });
  });

  it("decrypts with the keyring in GNUPGHOME, and classifies what it cannot decrypt", async () => {
    const decrypt = gpgDecryptor({ env: { ...process.env, GNUPGHOME: home } });
    const mine = await decrypt(forAda);
    expect(mine.kind === "decrypted" && mine.plaintext).toContain(`Reference: ${referenceFor(1)}\n`);
    expect((await decrypt(forBoth)).kind).toBe("decrypted");
    expect((await decrypt(forOther)).kind).toBe("not-addressed");
    expect((await decrypt(flipBit(forAda))).kind).toBe("damaged");
  });

  it("says gpg cannot be used when the program is missing", async () => {
    const result = await gpgDecryptor({ gpg: join(home, "no-such-gpg") })(forAda);
    expect(result.kind).toBe("unusable");
    expect(result.kind === "unusable" && result.reason).toMatch(/was not found: install GnuPG/);
  });
});
