import {
  createMessage,
  decrypt,
  encrypt,
  type PrivateKey,
  type PublicKey,
  readKey,
  readMessage,
} from "openpgp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPackets, MAX_RECIPIENT_PACKETS } from "../../src/report/message-packets.ts";
import { decryptCurve25519 } from "../../src/responder/curve25519-decrypt.ts";
import { type Curve25519Key, readCurve25519Keys } from "../../src/responder/curve25519-keys.ts";
import { readResponderKey } from "../../src/responder/decrypt-messages.ts";
import { type GpgHome, makeGpgHome, runGpg } from "../helpers/gpg.ts";
import { COMPRESSION, compressed, literal, sealBytes } from "../helpers/hostile-messages.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { ADA_PRIVATE, ADA_PUBLIC, encryptedReport, OTHER_PUBLIC, referenceFor } from "./encrypted-reports.ts";

/**
 * Issue 11: the fast path of `confide decrypt` (Node's crypto, no openpgp.js) must give exactly what
 * openpgp.js gives for every message it takes, and take nothing it cannot vouch for: anything else is
 * "not handled" and goes to openpgp.js, which names the problem.
 */

const MAX = 8 * 1024 * 1024;
let ada: Curve25519Key[];
let adaOpenpgp: PrivateKey[];
let adaPublic: PublicKey;
let otherPublic: PublicKey;

beforeAll(async () => {
  ada = readCurve25519Keys({ key: new TextEncoder().encode(ADA_PRIVATE) }).keys;
  const read = await readResponderKey({ key: new TextEncoder().encode(ADA_PRIVATE) });
  if (read.kind !== "private") throw new Error("Ada's demo key should be private");
  adaOpenpgp = read.keys;
  adaPublic = await readKey({ armoredKey: ADA_PUBLIC });
  otherPublic = await readKey({ armoredKey: OTHER_PUBLIC });
});

/** What openpgp.js decrypts the message to, as bytes. */
async function openpgpPlaintext(armored: string): Promise<Uint8Array> {
  const { data } = await decrypt({
    message: await readMessage({ armoredMessage: armored }),
    decryptionKeys: adaOpenpgp,
    format: "binary",
  });
  return data as Uint8Array;
}

function fastPlaintext(armored: string, keys = ada, maxBytes = MAX): Uint8Array | "not-handled" {
  const result = decryptCurve25519({ armored, keys, maxBytes });
  return result.kind === "decrypted" ? result.plaintext : result.kind;
}

/** A stream of `bytes` in chunks: openpgp.js then writes partial body lengths (RFC 9580 §4.2.1.4). */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
      controller.close();
    },
  });
}

async function armoredFrom(stream: unknown): Promise<string> {
  if (typeof stream === "string") return stream;
  let text = "";
  for await (const chunk of stream as AsyncIterable<string>) text += chunk;
  return text;
}

describe("decryptCurve25519", () => {
  it("decrypts a report as the form encrypts it (recipients hidden among others) to what openpgp.js gives", async () => {
    const armored = await encryptedReport({
      reference: referenceFor(1),
      recipientKeys: [OTHER_PUBLIC, ADA_PUBLIC],
    });
    const fast = fastPlaintext(armored);
    expect(fast).not.toBe("not-handled");
    expect(Buffer.from(fast as Uint8Array).equals(await openpgpPlaintext(armored))).toBe(true);
    expect(new TextDecoder().decode(fast as Uint8Array)).toContain(referenceFor(1));
  });

  it("gives exactly openpgp.js's bytes for seeded messages of many sizes, whole or in partial-length chunks", async () => {
    const random = seededRandom(0x11_2026);
    for (const size of [0, 1, 15, 16, 17, 191, 192, 8383, 8384, 65_535, 65_536, 200_001]) {
      const bytes = new Uint8Array(size).map(() => Math.floor(random() * 256));
      for (const streamed of [false, true]) {
        const armored = await armoredFrom(
          await encrypt({
            message: await createMessage({ binary: streamed ? streamOf(bytes) : bytes }),
            encryptionKeys: [adaPublic],
            config: { preferredCompressionAlgorithm: 0 },
          }),
        );
        const fast = fastPlaintext(armored);
        expect(fast, `${size} bytes, ${streamed ? "streamed" : "whole"}`).not.toBe("not-handled");
        expect(Buffer.from(fast as Uint8Array).equals(bytes), `${size} bytes`).toBe(true);
      }
    }
  });

  it("decrypts with AES-128 session keys too, and leaves AES-192 to openpgp.js (which checks the key's preferences)", async () => {
    for (const [algorithm, length] of [
      ["aes128", 16],
      ["aes192", 24],
    ] as const) {
      const armored = await encrypt({
        message: await createMessage({ text: `sealed with ${algorithm}` }),
        encryptionKeys: [adaPublic],
        sessionKey: { data: crypto.getRandomValues(new Uint8Array(length)), algorithm },
      });
      const fast = fastPlaintext(armored);
      if (algorithm === "aes192") expect(fast).toBe("not-handled");
      else expect(new TextDecoder().decode(fast as Uint8Array)).toBe(`sealed with ${algorithm}`);
    }
  });

  it("does not handle a message addressed to someone else, by key id or hidden", async () => {
    expect(
      fastPlaintext(await encryptedReport({ reference: referenceFor(2), recipientKeys: [OTHER_PUBLIC] })),
    ).toBe("not-handled");
    expect(fastPlaintext(await sealBytes(literal(new TextEncoder().encode("hi")), otherPublic))).toBe(
      "not-handled",
    );
  });

  it("never gives other bytes for a damaged message: every flipped bit is 'not handled' or the same plaintext", async () => {
    const armored = await encryptedReport({ reference: referenceFor(3) });
    const expected = fastPlaintext(armored) as Uint8Array;
    const lines = armored.trim().split("\n");
    const body = Buffer.from(lines.slice(2, -2).join(""), "base64");
    const random = seededRandom(0x3);
    for (let i = 0; i < 64; i++) {
      const copy = Buffer.from(body);
      const at = Math.floor(random() * copy.length);
      copy[at] = (copy[at] as number) ^ (1 << Math.floor(random() * 8));
      const damaged = `-----BEGIN PGP MESSAGE-----\n\n${copy.toString("base64")}\n-----END PGP MESSAGE-----\n`;
      const fast = fastPlaintext(damaged);
      if (fast !== "not-handled") expect(Buffer.from(fast).equals(expected), `byte ${at}`).toBe(true);
    }
    // A flipped bit in the encrypted data itself always breaks the integrity check.
    const frames = listPackets(body) ?? [];
    const data = frames.at(-1);
    if (!data) throw new Error("the report should have a data packet");
    const copy = Buffer.from(body);
    copy[data.start + 100] = (copy[data.start + 100] as number) ^ 0x80;
    expect(
      fastPlaintext(`-----BEGIN PGP MESSAGE-----\n\n${copy.toString("base64")}\n-----END PGP MESSAGE-----\n`),
    ).toBe("not-handled");
  });

  it("leaves compressed content, more than one packet inside, and oversized plaintexts to openpgp.js", async () => {
    const text = new TextEncoder().encode("a report");
    expect(
      fastPlaintext(await sealBytes(compressed(COMPRESSION.zip, new Uint8Array([3, 0])), adaPublic)),
    ).toBe("not-handled");
    const twoLiterals = new Uint8Array([...literal(text), ...literal(text)]);
    expect(fastPlaintext(await sealBytes(twoLiterals, adaPublic))).toBe("not-handled");
    const sealed = await sealBytes(literal(text), adaPublic);
    expect(new TextDecoder().decode(fastPlaintext(sealed) as Uint8Array)).toBe("a report");
    expect(fastPlaintext(sealed, ada, text.length - 1)).toBe("not-handled");
    expect(new TextDecoder().decode(fastPlaintext(sealed, ada, text.length) as Uint8Array)).toBe("a report");
  });

  it(`leaves a message with more than ${MAX_RECIPIENT_PACKETS} recipient packets to openpgp.js (which refuses it)`, async () => {
    const armored = await encryptedReport({ reference: referenceFor(4) });
    const lines = armored.trim().split("\n");
    const body = Buffer.from(lines.slice(2, -2).join(""), "base64");
    const first = listPackets(body)?.[0];
    if (!first) throw new Error("the report should start with a recipient packet");
    // Ada's report has one recipient packet: repeat it, then the data packet.
    const recipient = body.subarray(0, first.end);
    const data = body.subarray(first.end);
    const armor = (count: number) =>
      `-----BEGIN PGP MESSAGE-----\n\n${Buffer.concat([...Array.from({ length: count }, () => recipient), data]).toString("base64")}\n-----END PGP MESSAGE-----\n`;
    expect(fastPlaintext(armor(MAX_RECIPIENT_PACKETS + 1))).toBe("not-handled");
    expect(fastPlaintext(armor(MAX_RECIPIENT_PACKETS))).not.toBe("not-handled");
  });

  it("does not handle text that is not an armored message, and no keys handle nothing", async () => {
    for (const armored of ["", "hello", "-----BEGIN PGP MESSAGE-----\n\n!!!\n-----END PGP MESSAGE-----"]) {
      expect(fastPlaintext(armored)).toBe("not-handled");
    }
    expect(fastPlaintext(await encryptedReport({ reference: referenceFor(5) }), [])).toBe("not-handled");
  });

  describe("messages gpg writes", () => {
    let gpg: GpgHome;
    beforeAll(async () => {
      gpg = await makeGpgHome([ADA_PRIVATE]);
    });
    afterAll(() => gpg.remove());

    it("decrypts gpg's uncompressed message (partial lengths from a pipe) to the bytes gpg was given", async () => {
      const input = `Written with gpg -z 0.\n${"x".repeat(20_000)}\n`;
      const encrypted = await runGpg(
        gpg.home,
        ["--armor", "-z", "0", "--encrypt", "-r", "ada@tidewater.example"],
        {
          input,
        },
      );
      expect(encrypted.code, encrypted.stderr).toBe(0);
      expect(new TextDecoder().decode(fastPlaintext(encrypted.stdout) as Uint8Array)).toBe(input);
    });

    it("leaves gpg's default (compressed) message to openpgp.js", async () => {
      const encrypted = await runGpg(gpg.home, ["--armor", "--encrypt", "-r", "ada@tidewater.example"], {
        input: "compressed by default",
      });
      expect(encrypted.code, encrypted.stderr).toBe(0);
      expect(fastPlaintext(encrypted.stdout)).toBe("not-handled");
    });
  });
});
