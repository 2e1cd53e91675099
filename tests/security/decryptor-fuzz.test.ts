import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDeflate, createDeflateRaw } from "node:zlib";
import { type PrivateKey, type PublicKey, readKey } from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DecryptResult, decryptBounded, MAX_REPORT_BYTES } from "../../src/responder/bounded-decrypt.ts";
import {
  curve25519KeysOf,
  decryptMessages,
  keyDecryptor,
  readResponderKey,
} from "../../src/responder/decrypt-messages.ts";
import type { FoundMessage } from "../../src/responder/find-messages.ts";
import {
  BZIP2_BOMB,
  COMPRESSION,
  compressed,
  literal,
  packet,
  sealBytes,
} from "../helpers/hostile-messages.ts";
import { runConfide } from "../helpers/run-cli.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import {
  ADA_PRIVATE,
  ADA_PRIVATE_PATH,
  ADA_PUBLIC,
  encryptedReport,
  flipBit,
  referenceFor,
} from "../responder/encrypted-reports.ts";

/**
 * Issue 10: a seeded fuzz of the one bounded decryptor (src/responder/bounded-decrypt.ts) with what a
 * hostile sender controls: every byte inside the encryption. Compressed bombs (zip, zlib, bzip2),
 * truncated compressed and literal packets, compression nested in compression, literal data past the
 * limit, random bytes, damaged real reports; real reports among them. Deterministic measures only: each
 * outcome, the plaintext bytes produced, the memory held while decrypting (with a generous bound), and
 * a `confide decrypt` child whose heap is capped and which must not die.
 */

const SEED = 0x10_2026;
const CASES = 36;
/** The zeros inside the bombs: 16 times the limit, so inflating one would break every bound below. */
const BOMB_BYTES = 128 * 1024 * 1024;
/**
 * Memory a single decryption may add: the limit, the plaintext as a string, openpgp's buffers. A bomb
 * inflated would add 128 MiB.
 */
const MEMORY_BOUND = 4 * MAX_REPORT_BYTES + 32 * 1024 * 1024;

/** A deflate (raw for zip, or zlib) stream of a literal packet holding `zeros` zero bytes, made in pieces. */
function deflatedZeros(kind: "zip" | "zlib", zeros: number): Promise<Uint8Array> {
  const deflate = kind === "zip" ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    deflate.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    deflate.on("error", reject);
  });
  // The literal packet's header (5-byte length form) and fields, then the zeros.
  const length = zeros + 6;
  deflate.write(
    Buffer.from([0xcb, 0xff, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff]),
  );
  deflate.write(Buffer.from([0x62, 0, 0, 0, 0, 0]));
  const piece = Buffer.alloc(1024 * 1024);
  const write = async () => {
    for (let left = zeros; left > 0; left -= piece.length) {
      if (!deflate.write(piece.subarray(0, Math.min(piece.length, left))))
        await new Promise((resolve) => deflate.once("drain", resolve));
    }
    deflate.end();
  };
  void write();
  return done;
}

function deflateRawOf(bytes: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const deflate = createDeflateRaw({ level: 9 });
    const chunks: Buffer[] = [];
    deflate.on("data", (chunk: Buffer) => chunks.push(chunk));
    deflate.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    deflate.on("error", reject);
    deflate.end(bytes);
  });
}

/** The outcomes a kind of hostile message may have; a real report must decrypt to its own text. */
const EXPECTED: Record<string, ReadonlyArray<DecryptResult["kind"]>> = {
  "zip bomb": ["refused"],
  "zlib bomb": ["refused"],
  "bzip2 bomb": ["refused"],
  "nested compression": ["damaged", "refused"],
  "truncated compression": ["damaged", "refused"],
  "truncated literal": ["damaged"],
  "oversized literal": ["refused"],
  "random bytes": ["damaged"],
  "damaged report": ["damaged", "not-addressed"],
};

interface FuzzCase {
  kind: keyof typeof EXPECTED | "real report";
  armored: string;
  /** the limit this case is decrypted with */
  maxBytes: number;
  /** for a real report: its reference */
  reference?: string;
}

let adaKeys: PrivateKey[];
let ada: PublicKey;
let cases: FuzzCase[];

beforeAll(async () => {
  const key = await readResponderKey({ key: new TextEncoder().encode(ADA_PRIVATE) });
  if (key.kind !== "private") throw new Error("the demo key should read as a private key");
  adaKeys = key.keys;
  ada = await readKey({ armoredKey: ADA_PUBLIC });
  const random = seededRandom(SEED);
  const int = (below: number) => Math.floor(random() * below);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));

  const bombs = {
    zip: await deflatedZeros("zip", BOMB_BYTES),
    zlib: await deflatedZeros("zlib", BOMB_BYTES),
  };
  const kinds = Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>;
  cases = [];
  for (let i = 0; i < CASES; i++) {
    if (i % 4 === 0) {
      const reference = referenceFor(700 + i);
      cases.push({
        kind: "real report",
        reference,
        armored: await encryptedReport({ reference }),
        maxBytes: MAX_REPORT_BYTES,
      });
      continue;
    }
    const kind = kinds[int(kinds.length)] as keyof typeof EXPECTED;
    let inner: Uint8Array | null = null;
    const maxBytes = MAX_REPORT_BYTES;
    let armored: string | null = null;
    switch (kind) {
      case "zip bomb":
        inner = compressed(COMPRESSION.zip, bombs.zip);
        break;
      case "zlib bomb":
        inner = compressed(COMPRESSION.zlib, bombs.zlib);
        break;
      case "bzip2 bomb":
        armored = BZIP2_BOMB;
        break;
      case "nested compression": {
        let level = compressed(COMPRESSION.zlib, bombs.zlib);
        for (let depth = 1 + int(3); depth > 0; depth--)
          level = compressed(COMPRESSION.zip, await deflateRawOf(level));
        inner = level;
        break;
      }
      case "truncated compression": {
        const stream = random() < 0.5 ? bombs.zip : bombs.zlib;
        inner = compressed(
          stream === bombs.zip ? COMPRESSION.zip : COMPRESSION.zlib,
          stream.subarray(0, 1 + int(stream.length - 1)),
        );
        break;
      }
      case "truncated literal": {
        // The header promises more bytes than follow.
        const whole = literal(bytes(200 + int(2000)));
        inner = whole.subarray(0, whole.length - 1 - int(150));
        break;
      }
      case "oversized literal":
        // Not compressed at all: past the limit by a few bytes, as a long post might be.
        inner = literal(new Uint8Array(MAX_REPORT_BYTES + 1 + int(4096)));
        break;
      case "random bytes":
        inner = random() < 0.5 ? bytes(1 + int(4096)) : packet(int(64), bytes(int(300)));
        break;
      case "damaged report":
        armored = flipBit(await encryptedReport({ reference: referenceFor(900 + i) }));
        break;
    }
    cases.push({ kind, armored: armored ?? (await sealBytes(inner as Uint8Array, ada)), maxBytes });
  }
}, 120_000);

describe("the bounded decryptor, fuzzed", () => {
  it("issue 10: refuses or names as damaged every hostile message, holding bounded memory, and decrypts every real report", async () => {
    const seen = new Set<string>();
    for (const [index, fuzzCase] of cases.entries()) {
      const before = process.memoryUsage();
      let peak = 0;
      const sample = () => {
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed - before.heapUsed + (now.arrayBuffers - before.arrayBuffers));
      };
      const sampler = setInterval(sample, 1);
      let result: DecryptResult;
      try {
        result = await decryptBounded({
          armored: fuzzCase.armored,
          // As `confide decrypt --key` decrypts: the Curve25519 fast path first (issue 11), then
          // openpgp.js for whatever it does not handle (every hostile case here).
          decrypter: { kind: "keys", keys: adaKeys, curve25519: curve25519KeysOf({ keys: adaKeys }) },
          maxBytes: fuzzCase.maxBytes,
        });
      } finally {
        clearInterval(sampler);
      }
      sample();
      const label = `case ${index} (${fuzzCase.kind})`;
      seen.add(fuzzCase.kind);
      expect(peak, label).toBeLessThan(MEMORY_BOUND);
      if (fuzzCase.kind === "real report") {
        expect(result.kind, label).toBe("decrypted");
        expect(result.kind === "decrypted" && result.plaintext).toContain(
          `Reference: ${fuzzCase.reference}\n`,
        );
      } else {
        expect(EXPECTED[fuzzCase.kind], `${label}: ${result.kind}`).toContain(result.kind);
      }
      if (result.kind === "decrypted")
        expect(new TextEncoder().encode(result.plaintext).length, label).toBeLessThanOrEqual(
          fuzzCase.maxBytes,
        );
    }
    // The seed reaches every kind.
    expect([...seen].sort()).toEqual([...Object.keys(EXPECTED), "real report"].sort());
  }, 300_000);

  it("issue 10: decrypts the real reports among the hostile ones, a few at a time, and names each one it refused", async () => {
    const messages: FoundMessage[] = cases.map((fuzzCase, index) => ({
      source: "fuzz.txt",
      format: "text",
      row: index + 1,
      armored: fuzzCase.armored,
    }));
    const result = await decryptMessages({
      messages,
      decrypt: keyDecryptor({ keys: adaKeys }),
      concurrency: 4,
    });
    if (result.kind !== "done") throw new Error(result.reason);
    const decrypted = result.outcomes.filter((outcome) => outcome.kind === "decrypted");
    expect(decrypted.map((outcome) => outcome.message.row)).toEqual(
      cases.flatMap((fuzzCase, index) => (fuzzCase.kind === "real report" ? [index + 1] : [])),
    );
    for (const [index, outcome] of result.outcomes.entries()) {
      if (outcome.kind === "refused") expect(outcome.reason, `row ${index + 1}`).toMatch(/^refused: /);
    }
  }, 300_000);
});

describe("confide decrypt over hostile input", () => {
  let inbox: string;

  beforeAll(async () => {
    inbox = await mkdtemp(join(tmpdir(), "confide-fuzz-inbox-"));
    for (const [index, fuzzCase] of cases.entries()) {
      // The inbox and the hook refuse ciphertexts over 2 MiB, so an oversized literal never reaches one.
      if (fuzzCase.kind === "oversized literal") continue;
      const record = {
        reference: fuzzCase.reference ?? referenceFor(5000 + index),
        version: "1",
        ciphertext: fuzzCase.armored,
        receivedAt: "2027-03-01T12:00:00.000Z",
        formId: "demo",
      };
      await writeFile(join(inbox, `${String(index).padStart(3, "0")}.json`), JSON.stringify(record));
    }
  });

  afterAll(async () => {
    await rm(inbox, { recursive: true, force: true });
  });

  it("issue 10: with its heap capped at 128 MB, does not die and prints every real report", async () => {
    const { code, stdout, stderr } = await runConfide(["decrypt", "--key", ADA_PRIVATE_PATH, inbox], {
      env: { NODE_OPTIONS: "--max-old-space-size=128" },
    });
    const real = cases.filter((fuzzCase) => fuzzCase.kind === "real report");
    expect(stderr).toMatch(new RegExp(`^decrypted ${real.length}, `));
    expect(stderr).not.toMatch(/heap|FATAL|RangeError/i);
    expect([...stdout.matchAll(/^=== Report (R-[0-9A-Z-]+) ===$/gm)].map((match) => match[1])).toEqual(
      real.map((fuzzCase) => fuzzCase.reference),
    );
    expect(code).toBe(1);
  }, 300_000);
});
