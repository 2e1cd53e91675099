import { isUtf8 } from "node:buffer";
import {
  createMessage,
  decrypt,
  encrypt,
  generateKey,
  type PrivateKey,
  readKey,
  readMessage,
  readPrivateKey,
  reformatKey,
} from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_RECIPIENT_PACKETS } from "../../src/report/message-packets.ts";
import { decryptBounded } from "../../src/responder/bounded-decrypt.ts";
import { decryptCurve25519 } from "../../src/responder/curve25519-decrypt.ts";
import { type Curve25519Key, readCurve25519Keys } from "../../src/responder/curve25519-keys.ts";
import { generateResponderKey } from "../../src/responder/generate-key.ts";
import {
  armorMessage,
  type Curve25519Recipient,
  literalBody,
  oldFormatPacket,
  type PkeskFields,
  partialPacket,
  pkcs5,
  pkeskBody,
  pkeskFields,
  recipientOf,
  type Session,
  seededBytes,
  seipdBody,
  sessionOf,
  sessionPayload,
  sharedSecret,
  x25519From,
} from "../helpers/curve25519-messages.ts";
import { packet } from "../helpers/hostile-messages.ts";
import { seededRandom } from "../helpers/seeded-random.ts";
import { ADA_PRIVATE, OTHER_PUBLIC } from "../responder/encrypted-reports.ts";

/**
 * Issue 11, the review of the Curve25519 fast path (src/responder/curve25519-decrypt.ts): messages made
 * byte by byte (tests/helpers/curve25519-messages.ts) with every field a hostile sender controls set
 * wrong, one at a time, and each outcome compared with openpgp.js's. The promise under test: with the
 * fast path or without it, `decryptBounded` gives the same kind and the same plaintext, so the fast
 * path never decrypts what openpgp.js refuses, never gives other bytes, and never loses a message
 * openpgp.js can read. Seeded and deterministic; no timings.
 */

const MAX = 64 * 1024;
const TEXT = new TextEncoder().encode("A report: someone shouted at me at the registration desk.\n");
const CRLF_TEXT = new TextEncoder().encode("line one\r\nline two\rline three\n\r\n");
const AES128 = 7;
const AES192 = 8;
const AES256 = 9;

/** One responder's keys, both ways: openpgp.js's and the fast path's. */
interface Holder {
  openpgp: PrivateKey[];
  curve25519: Curve25519Key[];
  recipient: Curve25519Recipient;
}

let ada: Holder;
let other: Curve25519Recipient;

function holderOf(key: PrivateKey): Holder {
  return {
    openpgp: [key],
    curve25519: readCurve25519Keys({ key: key.write() }).keys,
    recipient: recipientOf(key),
  };
}

beforeAll(async () => {
  ada = holderOf(await readPrivateKey({ armoredKey: ADA_PRIVATE }));
  other = recipientOf(await readKey({ armoredKey: OTHER_PUBLIC }));
});

/**
 * What the fast path made of a message, after checking the promise: `decryptBounded` with the
 * Curve25519 keys gives exactly what it gives without them (openpgp.js alone), and a plaintext the
 * fast path gives is, byte for byte, openpgp.js's. (When the fast path does not handle a message,
 * `decryptBounded` asks openpgp.js itself, so the two agree by construction.)
 */
async function fastPathOutcome(
  armored: string,
  label: string,
  holder: Holder = ada,
  maxBytes = MAX,
): Promise<"decrypted" | "not-handled"> {
  const fast = decryptCurve25519({ armored, keys: holder.curve25519, maxBytes });
  if (fast.kind === "not-handled") return fast.kind;
  const withFastPath = await decryptBounded({
    armored,
    decrypter: { kind: "keys", keys: holder.openpgp, curve25519: holder.curve25519 },
    maxBytes,
  });
  const openpgpOnly = await decryptBounded({
    armored,
    decrypter: { kind: "keys", keys: holder.openpgp },
    maxBytes,
  });
  expect(withFastPath, label).toEqual(openpgpOnly);
  // Equal text is equal bytes unless the bytes are not UTF-8: then openpgp.js's bytes are compared.
  if (!isUtf8(fast.plaintext)) {
    const { data } = await decrypt({
      message: await readMessage({ armoredMessage: armored }),
      decryptionKeys: holder.openpgp,
      format: "binary",
    });
    expect(Buffer.from(fast.plaintext).equals(data as Uint8Array), label).toBe(true);
  }
  return fast.kind;
}

/**
 * A message to `recipient` in the form's shape (one v3 ECDH PKESK, one SEIPD v1 around one literal
 * packet), with any part replaced.
 */
function messageTo(
  random: () => number,
  options: {
    recipient?: Curve25519Recipient;
    session?: Session;
    pkesk?: Partial<Parameters<typeof pkeskFields>[0]>;
    /** fields of the recipient packet to replace, given the right ones */
    edit?: (fields: PkeskFields) => Partial<PkeskFields>;
    pkeskPacket?: (body: Uint8Array) => Uint8Array;
    inner?: Uint8Array;
    seipd?: Partial<Parameters<typeof seipdBody>[0]>;
    seipdPacket?: (body: Uint8Array) => Uint8Array;
    before?: Uint8Array[];
    after?: Uint8Array[];
  } = {},
): string {
  const session = options.session ?? sessionOf(AES256, random);
  const fields = pkeskFields({
    recipient: options.recipient ?? ada.recipient,
    session,
    random,
    ...options.pkesk,
  });
  Object.assign(fields, options.edit?.(fields));
  const body = pkeskBody(fields);
  const seipd = seipdBody({
    session,
    inner: options.inner ?? packet(11, literalBody(TEXT)),
    random,
    ...options.seipd,
  });
  return armorMessage(
    ...(options.before ?? []),
    (options.pkeskPacket ?? ((bytes) => packet(1, bytes)))(body),
    ...(options.after ?? []),
    (options.seipdPacket ?? ((bytes) => packet(18, bytes)))(seipd),
  );
}

/** A v3 ECDH PKESK body to `recipient` (named or hidden) carrying a random session key. */
function otherPkesk(random: () => number, recipient: Curve25519Recipient, hidden: boolean): Uint8Array {
  return packet(1, pkeskBody(pkeskFields({ recipient, session: sessionOf(AES256, random), random, hidden })));
}

describe("the hand-made messages (the baseline every case below departs from)", () => {
  it("are decrypted by the fast path with AES-128 and AES-256 session keys, named or hidden, to openpgp.js's bytes", async () => {
    const random = seededRandom(0x11_0001);
    for (const algorithm of [AES128, AES192, AES256]) {
      for (const hidden of [false, true]) {
        const armored = messageTo(random, { session: sessionOf(algorithm, random), pkesk: { hidden } });
        // AES-192 is left to openpgp.js, which decrypts it only for keys that prefer it (see the regressions).
        expect(await fastPathOutcome(armored, `AES id ${algorithm}, hidden ${hidden}`)).toBe(
          algorithm === AES192 ? "not-handled" : "decrypted",
        );
      }
    }
  });
});

describe("a recipient packet (PKESK v3, RFC 9580 §5.1) set wrong", () => {
  it("changed in its version, algorithm, MPI bit count or point prefix is left to openpgp.js", async () => {
    const random = seededRandom(0x11_0002);
    type Edit = [string, (fields: PkeskFields) => Partial<PkeskFields>];
    const edits: Edit[] = [
      ...[0, 2, 4, 5, 6, 255].map((version): Edit => [`version ${version}`, () => ({ version })]),
      ...[0, 1, 16, 17, 22, 25, 255].map(
        (algorithm): Edit => [`algorithm ${algorithm}`, () => ({ algorithm })],
      ),
      // 257 to 264 bits are 33 bytes too: openpgp.js reads those as the same point; the fast path does not.
      ...[0, 7, 256, 257, 262, 264, 265, 271, 65_535].map(
        (mpiBits): Edit => [`MPI of ${mpiBits} bits`, () => ({ mpiBits })],
      ),
      ...[0x00, 0x04, 0x41, 0xff].map(
        (prefix): Edit => [
          `point prefix ${prefix}`,
          (f) => ({ point: Uint8Array.from([prefix, ...f.point.subarray(1)]) }),
        ],
      ),
      ["a point one byte short (MPI 255 bits)", (f) => ({ point: f.point.subarray(0, 32), mpiBits: 255 })],
      [
        "a point one byte long (MPI 271 bits)",
        (f) => ({ point: Uint8Array.from([...f.point, 0]), mpiBits: 271 }),
      ],
    ];
    for (const [label, edit] of edits) {
      expect(await fastPathOutcome(messageTo(random, { edit }), label), label).toBe("not-handled");
    }
  });

  it("cut at every length, or one byte too long, is never read by the fast path", async () => {
    const random = seededRandom(0x11_0003);
    const whole = pkeskBody(
      pkeskFields({ recipient: ada.recipient, session: sessionOf(AES256, random), random }),
    );
    for (let cut = 0; cut < whole.length; cut++) {
      const armored = messageTo(random, { pkeskPacket: () => packet(1, whole.subarray(0, cut)) });
      expect(await fastPathOutcome(armored, `cut at ${cut}`), `cut at ${cut}`).toBe("not-handled");
    }
    const longer = messageTo(random, { pkeskPacket: (body) => packet(1, Uint8Array.from([...body, 0])) });
    expect(await fastPathOutcome(longer, "one byte too long")).toBe("not-handled");
  });

  it("with its wrapped key's length octet off by one, or a wrapped key of any wrong length", async () => {
    const random = seededRandom(0x11_0004);
    for (const delta of [-8, -1, 1, 8]) {
      const armored = messageTo(random, { edit: (f) => ({ wrappedLength: f.wrappedLength + delta }) });
      expect(await fastPathOutcome(armored, `length octet ${delta}`)).toBe("not-handled");
    }
    for (const length of [0, 7, 8, 16, 24, 32, 39, 41, 48, 56, 255]) {
      const wrapped = seededBytes(random, length);
      const armored = messageTo(random, {
        edit: () => ({ wrapped, wrappedLength: length }),
      });
      expect(await fastPathOutcome(armored, `${length} random bytes`)).toBe("not-handled");
    }
  });

  it("wrapping a session key with wrong padding, a wrong checksum or a key of the wrong length", async () => {
    const random = seededRandom(0x11_0005);
    const session = sessionOf(AES256, random);
    const payload = sessionPayload(session); // 35 bytes: 5 of padding make 40
    const cases: [string, Uint8Array, "decrypted" | "not-handled"][] = [
      ["the right padding", pkcs5(payload), "decrypted"],
      ["padding bytes that differ", Uint8Array.from([...payload, 5, 5, 4, 5, 5]), "not-handled"],
      ["padding of zeros", Uint8Array.from([...payload, 0, 0, 0, 0, 0]), "not-handled"],
      ["a pad octet of 9", Uint8Array.from([...payload, 9, 9, 9, 9, 9]), "not-handled"],
      // openpgp.js takes any pad length whose bytes agree; the fast path only RFC 9580's 1 to 8.
      ["13 bytes of padding", Uint8Array.from([...payload, ...new Array(13).fill(13)]), "not-handled"],
      [
        "the checksum's high byte off by one",
        pkcs5(Uint8Array.from(payload).map((b, i) => (i === 33 ? b ^ 1 : b))),
        "not-handled",
      ],
      [
        "the checksum's low byte off by one",
        pkcs5(Uint8Array.from(payload).map((b, i) => (i === 34 ? b ^ 1 : b))),
        "not-handled",
      ],
      [
        "AES-256 named with a 16-byte key",
        pkcs5(sessionPayload({ algorithm: AES256, key: session.key.subarray(0, 16) })),
        "not-handled",
      ],
      [
        "AES-128 named with a 32-byte key",
        pkcs5(sessionPayload({ algorithm: AES128, key: session.key })),
        "not-handled",
      ],
      ["no session key at all", Uint8Array.from([AES256, 0, 0, ...new Array(13).fill(13)]), "not-handled"],
    ];
    for (const [label, padded, expected] of cases) {
      const armored = messageTo(random, { session, pkesk: { padded } });
      expect(await fastPathOutcome(armored, label), label).toBe(expected);
    }
  });

  it("naming any symmetric algorithm but AES (0 to 13, 253 to 255) is left to openpgp.js, which reads TripleDES", async () => {
    const random = seededRandom(0x11_0006);
    // Key lengths of RFC 9580 §9.3's ciphers; the data is encrypted with TripleDES for id 2, else AES-256.
    const keyLength: Record<number, number> = { 1: 16, 2: 24, 3: 16, 4: 16, 10: 32, 11: 16, 12: 24, 13: 32 };
    for (const algorithm of [0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 253, 254, 255]) {
      const session = { algorithm, key: seededBytes(random, keyLength[algorithm] ?? 32) };
      const armored = messageTo(random, { session });
      expect(await fastPathOutcome(armored, `algorithm ${algorithm}`), `algorithm ${algorithm}`).toBe(
        "not-handled",
      );
    }
    const tripleDes = messageTo(random, { session: { algorithm: 2, key: seededBytes(random, 24) } });
    expect(
      await decryptBounded({ armored: tripleDes, decrypter: { kind: "keys", keys: ada.openpgp } }),
    ).toMatchObject({
      kind: "decrypted",
    });
  });

  it("wrapped with the old Go or openpgp.js KDF (zeros stripped from the shared secret) is left to openpgp.js, which reads it", async () => {
    const random = seededRandom(0x11_0015);
    // An ephemeral key whose shared secret with Ada starts (Go's bug) or ends (openpgp.js's) with a zero
    // byte: about one in 256 of them.
    for (const [label, strip] of [
      ["leading", (shared: Uint8Array) => shared.subarray(shared.findIndex((byte) => byte !== 0))],
      [
        "trailing",
        (shared: Uint8Array) => shared.subarray(0, shared.findLastIndex((byte) => byte !== 0) + 1),
      ],
    ] as const) {
      let ephemeral: { point: Uint8Array; shared: Uint8Array } | undefined;
      for (let i = 0; i < 4096 && !ephemeral; i++) {
        const own = x25519From(seededBytes(random, 32));
        const shared = sharedSecret(own.privateKey, ada.recipient.point);
        if (strip(shared).length < 32) ephemeral = { point: own.point, shared: strip(shared) };
      }
      if (!ephemeral) throw new Error(`no shared secret with a ${label} zero in 4096 seeded tries`);
      const armored = messageTo(random, { pkesk: { ephemeral } });
      expect(await fastPathOutcome(armored, `${label} zeros stripped`)).toBe("not-handled");
      expect(
        await decryptBounded({ armored, decrypter: { kind: "keys", keys: ada.openpgp } }),
        label,
      ).toMatchObject({ kind: "decrypted" });
    }
  });

  it("with an ephemeral point of low order (an all-zero X25519 secret) is never read", async () => {
    const random = seededRandom(0x11_0007);
    // The points of order 1, 2, 4 and 8 and their non-canonical forms (libsodium's blocklist).
    const lowOrder = [
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0100000000000000000000000000000000000000000000000000000000000000",
      "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
      "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "cdeb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
      "4c9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f11d7",
      "d9ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "daffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
      "dbffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    ];
    for (const hex of lowOrder) {
      // What a sender would wrap with: the key-encryption key of a zero shared secret.
      const ephemeral = { point: Buffer.from(hex, "hex"), shared: new Uint8Array(32) };
      for (const hidden of [false, true]) {
        const armored = messageTo(random, { pkesk: { ephemeral, hidden } });
        expect(await fastPathOutcome(armored, `point ${hex}`), hex).toBe("not-handled");
      }
    }
  });
});

describe("the encrypted data (SEIPD v1, RFC 9580 §5.13.1) set wrong", () => {
  it("empty, too short, of another version, or without its MDC is never read", async () => {
    const random = seededRandom(0x11_0008);
    const session = sessionOf(AES256, random);
    const right = seipdBody({ session, inner: packet(11, literalBody(TEXT)), random });
    const cases: [string, Uint8Array][] = [
      ["an empty packet", new Uint8Array(0)],
      ["only the version", Uint8Array.of(1)],
      ["version 0", Uint8Array.from([0, ...right.subarray(1)])],
      ["version 2", Uint8Array.from([2, ...right.subarray(1)])],
      ["one byte short", right.subarray(0, -1)],
      ["without the MDC", right.subarray(0, -22)],
      ["one byte too many", Uint8Array.from([...right, 0])],
      [
        "exactly a prefix and an MDC, nothing inside",
        seipdBody({ session, inner: new Uint8Array(0), random }),
      ],
      [
        "an MDC that does not match",
        seipdBody({ session, inner: packet(11, literalBody(TEXT)), random, mdc: new Uint8Array(20) }),
      ],
      [
        "the MDC's header as tag 19, length 19",
        seipdBody({ session, inner: packet(11, literalBody(TEXT)), random, mdcHeader: [0xd3, 0x13] }),
      ],
      [
        "the MDC's header in the old format",
        seipdBody({ session, inner: packet(11, literalBody(TEXT)), random, mdcHeader: [0x8c, 0x14] }),
      ],
      // openpgp.js checks neither the repeated prefix bytes nor the MDC's header, only its hash; the
      // fast path checks all three, and leaves such a message to openpgp.js, which decrypts it.
      [
        "a prefix whose quick check fails",
        seipdBody({ session, inner: packet(11, literalBody(TEXT)), random, breakQuickCheck: true }),
      ],
    ];
    for (const [label, seipd] of cases) {
      const armored = messageTo(random, { session, seipdPacket: () => packet(18, seipd) });
      expect(await fastPathOutcome(armored, label), label).toBe("not-handled");
    }
  });

  it("holding anything but one literal packet that fits is left to openpgp.js", async () => {
    const random = seededRandom(0x11_0009);
    const lit = packet(11, literalBody(TEXT));
    const longName = Uint8Array.from([0x62, 255, 0x61, 0x62, ...TEXT.subarray(0, 20)]);
    const cases: [string, Uint8Array][] = [
      ["a file name length past the end", packet(11, longName)],
      [
        "a file name that leaves 3 bytes of date",
        packet(11, Uint8Array.from([0x62, 3, 0x61, 0x62, 0x63, 0, 0, 0])),
      ],
      ["a literal packet of 1 byte", packet(11, Uint8Array.of(0x62))],
      ["an empty literal packet", packet(11, new Uint8Array(0))],
      ["a literal packet then a stray byte", Uint8Array.from([...lit, 0x00])],
      ["two literal packets", Uint8Array.from([...lit, ...lit])],
      [
        "a literal packet then a marker packet",
        Uint8Array.from([...lit, ...packet(10, new TextEncoder().encode("PGP"))]),
      ],
      [
        "a marker packet then a literal packet",
        Uint8Array.from([...packet(10, new TextEncoder().encode("PGP")), ...lit]),
      ],
      ["a literal packet whose length runs past the MDC", Uint8Array.from([0xcb, 200, ...literalBody(TEXT)])],
      [
        "a literal packet whose 5-octet length runs past the MDC",
        Uint8Array.from([0xcb, 0xff, 0, 0, 1, 0, ...literalBody(TEXT)]),
      ],
      [
        "an old-format literal packet whose length runs past the MDC",
        Uint8Array.from([0xad, 0x01, 0x00, ...literalBody(TEXT)]),
      ],
      ["a literal packet inside uncompressed compressed data", packet(8, Uint8Array.from([0, ...lit]))],
      ["an empty packet list", new Uint8Array(0)],
    ];
    for (const [label, inner] of cases) {
      expect(await fastPathOutcome(messageTo(random, { inner }), label), label).toBe("not-handled");
    }
  });

  it("decrypts a literal packet of any format octet and file name to openpgp.js's bytes, line endings untouched", async () => {
    const random = seededRandom(0x11_000a);
    for (const format of [0x00, 0x31, 0x62, 0x6c, 0x6d, 0x74, 0x75, 0xff]) {
      for (const fileName of format % 2 ? ["", "_CONSOLE"] : ["report.txt", "é".repeat(100)]) {
        // Text formats ('t', 'u') too: line endings come out as they went in, as openpgp.js gives them.
        const inner = packet(11, literalBody(fileName ? TEXT : CRLF_TEXT, { format, fileName }));
        const label = `format ${format}, name ${fileName.slice(0, 12)}`;
        expect(await fastPathOutcome(messageTo(random, { inner }), label), label).toBe("decrypted");
      }
    }
    const notUtf8Name = packet(11, Uint8Array.from([0x62, 2, 0xff, 0xfe, 0, 0, 0, 0, ...TEXT]));
    expect(await fastPathOutcome(messageTo(random, { inner: notUtf8Name }), "a name not UTF-8")).toBe(
      "decrypted",
    );
  });

  it("reads old-format headers and partial lengths (nested, ending in 1-, 2- or 5-octet lengths) as openpgp.js does", async () => {
    const random = seededRandom(0x11_000b);
    const data = seededBytes(random, 3000);
    const body = literalBody(data);
    const inners: [string, Uint8Array][] = [
      ...([1, 2, 3] as const).map((type): [string, Uint8Array] => [
        `an old-format literal, length type ${type}`,
        oldFormatPacket(11, body, type),
      ]),
      [
        "a literal in partial chunks of 1, 2 and 512 bytes, then a 5-octet length",
        partialPacket(11, body, [0, 1, 9], 5),
      ],
      ["a literal in a 2048-byte chunk, then a 2-octet length", partialPacket(11, body, [11], 2)],
      [
        "a literal in partial chunks, then a 1-octet length",
        partialPacket(11, body.subarray(0, 1100), [10], 1),
      ],
      ["a literal whose last chunk is empty", partialPacket(11, body.subarray(0, 1024), [10], 1)],
      [
        "a literal in partial chunks, then a 5-octet length of zero",
        partialPacket(11, body.subarray(0, 1024), [9, 9], 5),
      ],
    ];
    for (const [label, inner] of inners) {
      for (const [outer, seipdPacket] of [
        ["whole", (seipd: Uint8Array) => packet(18, seipd)],
        [
          "in 512-byte chunks, then a 5-octet length",
          (seipd: Uint8Array) => partialPacket(18, seipd, [9, 9], 5),
        ],
        [
          "in chunks of 1 and 1024 bytes, then a 2-octet length",
          (seipd: Uint8Array) => partialPacket(18, seipd, [0, 10], 2),
        ],
      ] as const) {
        const armored = messageTo(random, { inner, seipdPacket });
        expect(await fastPathOutcome(armored, `${label}; data ${outer}`), `${label}; data ${outer}`).toBe(
          "decrypted",
        );
      }
    }
    const oldPkesk = messageTo(random, { pkeskPacket: (pkesk) => oldFormatPacket(1, pkesk, 0) });
    expect(await fastPathOutcome(oldPkesk, "an old-format recipient packet")).toBe("decrypted");
    const oneOctet = messageTo(random, { inner: oldFormatPacket(11, literalBody(TEXT), 0) });
    expect(await fastPathOutcome(oneOctet, "an old-format literal with a one-octet length")).toBe(
      "decrypted",
    );
  });

  it("never reads partial lengths that end without a final length, or on a recipient packet", async () => {
    const random = seededRandom(0x11_000c);
    const body = literalBody(seededBytes(random, 1024 - 6));
    const unfinished = Uint8Array.from([
      0xcb,
      224 + 9,
      ...body.subarray(0, 512),
      224 + 9,
      ...body.subarray(512),
    ]);
    expect(
      await fastPathOutcome(messageTo(random, { inner: unfinished }), "inner without a final length"),
    ).toBe("not-handled");
    const partialPkesk = messageTo(random, { pkeskPacket: (pkesk) => partialPacket(1, pkesk, [6], 1) });
    expect(await fastPathOutcome(partialPkesk, "a recipient packet in partial chunks")).toBe("not-handled");
    const seipdCut = messageTo(random, {
      inner: packet(11, body),
      seipdPacket: (seipd) => partialPacket(18, seipd, [9], 5).subarray(0, 1 + 1 + 512),
    });
    expect(await fastPathOutcome(seipdCut, "data ending after a partial chunk")).toBe("not-handled");
  });

  it(`decrypts exactly ${MAX} bytes and leaves one byte more to openpgp.js, which refuses it`, async () => {
    const random = seededRandom(0x11_000d);
    for (const size of [MAX, MAX + 1]) {
      const inner = partialPacket(11, literalBody(seededBytes(random, size).fill(0x61)), [12, 12], 5);
      const outcome = await fastPathOutcome(messageTo(random, { inner }), `${size} bytes`);
      expect(outcome).toBe(size === MAX ? "decrypted" : "not-handled");
    }
  });
});

describe("many recipient packets", () => {
  it("finds Ada hidden among named and hidden recipients, and in the last of 256 packets", async () => {
    const random = seededRandom(0x11_000e);
    const mixed = messageTo(random, {
      pkesk: { hidden: true },
      before: [otherPkesk(random, other, false), otherPkesk(random, other, true)],
      after: [otherPkesk(random, other, false), otherPkesk(random, other, true)],
    });
    expect(await fastPathOutcome(mixed, "hidden among others")).toBe("decrypted");
    // 255 others (every sixteenth hidden: each costs openpgp.js a key agreement), then Ada's.
    const others = Array.from({ length: MAX_RECIPIENT_PACKETS - 1 }, (_, i) =>
      otherPkesk(random, other, i % 16 === 0),
    );
    const last = messageTo(random, { before: others });
    expect(await fastPathOutcome(last, "Ada's in the 256th packet")).toBe("decrypted");
    const tooMany = messageTo(random, { before: [...others, otherPkesk(random, other, false)] });
    expect(await fastPathOutcome(tooMany, "257 packets")).toBe("not-handled");
    expect(
      await decryptBounded({ armored: tooMany, decrypter: { kind: "keys", keys: ada.openpgp } }),
    ).toMatchObject({ kind: "refused" });
  });

  it("gives openpgp.js's answer when another packet for Ada carries the wrong session key", async () => {
    const random = seededRandom(0x11_000f);
    const wrong = packet(
      1,
      pkeskBody(pkeskFields({ recipient: ada.recipient, session: sessionOf(AES256, random), random })),
    );
    expect(await fastPathOutcome(messageTo(random, { before: [wrong] }), "a wrong one first")).toBe(
      "not-handled",
    );
    expect(await fastPathOutcome(messageTo(random, { after: [wrong] }), "a wrong one after")).toBe(
      "decrypted",
    );
  });

  it("gives openpgp.js's answer when another recipient's packet is of an unknown version or algorithm", async () => {
    const random = seededRandom(0x11_0010);
    const unknown = [
      packet(1, Uint8Array.from([5, ...seededBytes(random, 40)])),
      packet(1, Uint8Array.from([3, ...other.keyId, 99, ...seededBytes(random, 40)])),
    ];
    for (const [i, extra] of unknown.entries()) {
      await fastPathOutcome(messageTo(random, { before: [extra] }), `unknown ${i} first`);
      await fastPathOutcome(messageTo(random, { after: [extra] }), `unknown ${i} after`);
    }
  });
});

describe("keys whose KDF is not SHA-256 with AES-128 (RFC 9580 §11.5)", () => {
  /** A fresh Curve25519 key whose ECDH subkey's KDF parameters are `hash` and `cipher`, signed again. */
  async function keyWithKdf(hash: number, cipher: number): Promise<PrivateKey> {
    const { privateKey } = await generateKey({
      type: "ecc",
      curve: "curve25519Legacy",
      userIDs: [{ name: "Responder" }],
      format: "object",
    });
    const subkey = privateKey.subkeys[0]?.keyPacket as unknown as {
      publicParams: { kdfParams: { hash: number; cipher: number } };
      computeFingerprintAndKeyID(): Promise<void>;
    };
    subkey.publicParams.kdfParams.hash = hash;
    subkey.publicParams.kdfParams.cipher = cipher;
    await subkey.computeFingerprintAndKeyID();
    // reformatKey signs the subkey's binding again, over its new KDF parameters.
    const { privateKey: signed } = await reformatKey({
      privateKey,
      userIDs: [{ name: "Responder" }],
      format: "object",
    });
    return readPrivateKey({ binaryKey: signed.write() });
  }

  it("decrypts with SHA-256, SHA-384 and SHA-512 and each AES key wrap, as openpgp.js does", async () => {
    const random = seededRandom(0x11_0011);
    for (const [hash, cipher] of [
      [10, AES128],
      [9, AES192],
      [8, AES256],
      [10, AES256],
    ] as const) {
      const holder = holderOf(await keyWithKdf(hash, cipher));
      expect(holder.curve25519.map((key) => [key.kdfHash, key.kdfCipher])).toEqual([[hash, cipher]]);
      const byOpenpgp = await encrypt({
        message: await createMessage({ binary: TEXT }),
        encryptionKeys: holder.openpgp[0]?.toPublic(),
        format: "armored",
      });
      expect(await fastPathOutcome(byOpenpgp as string, `KDF ${hash}/${cipher}`, holder)).toBe("decrypted");
      const byHand = messageTo(random, { recipient: holder.recipient });
      expect(await fastPathOutcome(byHand, `by hand, KDF ${hash}/${cipher}`, holder)).toBe("decrypted");
    }
  });

  it("does not read a key whose KDF hash or cipher it does not know: openpgp.js reads it", async () => {
    for (const [hash, cipher] of [
      [2, AES128],
      [11, AES128],
      [8, 2],
      [8, 10],
    ] as const) {
      const key = await keyWithKdf(hash, cipher);
      expect(readCurve25519Keys({ key: key.write() }), `KDF ${hash}/${cipher}`).toEqual({
        keys: [],
        others: 1,
      });
    }
  });
});

describe("a seeded structural fuzz of hand-made messages", () => {
  it("gives openpgp.js's answer for 240 messages with a byte changed, cut or added outside the encryption", async () => {
    const random = seededRandom(0x11_0012);
    let decrypted = 0;
    let bytes = new Uint8Array(0);
    for (let i = 0; i < 240; i++) {
      // A new message every eighth case: Ada's packet named or hidden, after another's or alone.
      if (i % 8 === 0) {
        const armored = messageTo(random, {
          pkesk: { hidden: random() < 0.5 },
          before: random() < 0.3 ? [otherPkesk(random, other, random() < 0.5)] : [],
        });
        bytes = Buffer.from(armored.split("\n").slice(2, -2).join(""), "base64");
      }
      // Mostly the framing and the recipient packets: the first 120 bytes.
      const at = Math.floor(random() * Math.min(bytes.length, 120));
      const choice = random();
      const mutated =
        choice < 0.6
          ? Uint8Array.from(bytes).map((byte, j) => (j === at ? Math.floor(random() * 256) : byte))
          : choice < 0.8
            ? bytes.subarray(0, at)
            : Uint8Array.from([...bytes.subarray(0, at), Math.floor(random() * 256), ...bytes.subarray(at)]);
      if ((await fastPathOutcome(armorMessage(mutated), `case ${i}`)) === "decrypted") decrypted++;
    }
    // Some changes leave the message readable (a hidden key id, a key id of another's packet).
    expect(decrypted).toBeGreaterThan(0);
  });
});

describe("regressions found by this review", () => {
  it("issue 11: another recipient's malformed packet (a field past its end) makes the message openpgp.js's to refuse, before or after Ada's", async () => {
    const random = seededRandom(0x11_0013);
    const ecdh = pkeskFields({ recipient: other, session: sessionOf(AES256, random), random });
    const malformed: [string, Uint8Array][] = [
      ["ECDH, its wrapped key one byte short", pkeskBody({ ...ecdh, wrappedLength: ecdh.wrappedLength + 1 })],
      ["ECDH, its point's MPI past the end", pkeskBody(ecdh).subarray(0, 40)],
      ["ECDH, no wrapped key at all", pkeskBody(ecdh).subarray(0, 45)],
      [
        "RSA, its MPI past the end",
        Uint8Array.from([3, ...other.keyId, 1, 0x08, 0x00, ...seededBytes(random, 200)]),
      ],
      [
        "ElGamal, its second MPI past the end",
        Uint8Array.from([3, ...other.keyId, 16, 0x00, 0x08, 7, 0x08, 0x00, 1]),
      ],
      [
        "X25519, its wrapped key past the end",
        Uint8Array.from([3, ...other.keyId, 25, ...seededBytes(random, 32), 41, 9, 1]),
      ],
    ];
    for (const [label, body] of malformed) {
      for (const where of ["before", "after"] as const) {
        const armored = messageTo(random, { [where]: [packet(1, body)] });
        expect(await fastPathOutcome(armored, `${label}, ${where}`), `${label}, ${where}`).toBe(
          "not-handled",
        );
        expect(
          await decryptBounded({ armored, decrypter: { kind: "keys", keys: ada.openpgp } }),
          `${label}, ${where}`,
        ).toMatchObject({ kind: "damaged" });
      }
    }
    // Well-formed packets of the same algorithms for others leave the message to the fast path.
    const wellFormed = [
      Uint8Array.from([3, ...other.keyId, 1, 0x00, 0x10, 0xab, 0xcd]),
      Uint8Array.from([3, ...other.keyId, 16, 0x00, 0x08, 7, 0x00, 0x08, 9]),
      Uint8Array.from([3, ...other.keyId, 25, ...seededBytes(random, 32), 41, 9, ...seededBytes(random, 40)]),
    ];
    const armored = messageTo(random, { before: wellFormed.map((body) => packet(1, body)) });
    expect(await fastPathOutcome(armored, "well-formed packets of RSA, ElGamal and X25519 for others")).toBe(
      "decrypted",
    );
  });

  it("issue 11: an AES-192 session key for a key that does not prefer AES-192 (as confide keygen makes) is openpgp.js's to refuse", async () => {
    const random = seededRandom(0x11_0014);
    const generated = await generateResponderKey({
      name: "Responder",
      email: "responder@example.org",
      passphrase: null,
      expires: new Date("2099-01-01T00:00:00Z"),
      now: new Date("2026-01-01T00:00:00Z"),
    });
    const holder = holderOf(await readPrivateKey({ armoredKey: generated.armoredPrivateKey }));
    for (const [algorithm, expected] of [
      [AES128, "decrypted"],
      [AES192, "not-handled"],
      [AES256, "decrypted"],
    ] as const) {
      const armored = messageTo(random, {
        recipient: holder.recipient,
        session: sessionOf(algorithm, random),
      });
      expect(await fastPathOutcome(armored, `AES id ${algorithm}`, holder), `AES id ${algorithm}`).toBe(
        expected,
      );
      if (algorithm === AES192)
        expect(
          await decryptBounded({ armored, decrypter: { kind: "keys", keys: holder.openpgp } }),
        ).toMatchObject({ kind: "not-addressed" });
    }
  });
});
