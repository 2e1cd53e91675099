import {
  createCipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  type KeyObject,
} from "node:crypto";
import type { Key } from "openpgp";

/**
 * Curve25519 messages made byte by byte with Node's crypto (RFC 9580 §5.1 v3 ECDH PKESK with the §11.5
 * KDF and key wrap, §5.13.1 SEIPD v1 with its MDC), so an adversarial test can set any field to any
 * value: an MPI's bit count, the key wrap's padding, the session key's checksum, the ephemeral point,
 * the MDC, the packet headers. Written from the RFC, independently of src/responder/curve25519-decrypt.ts;
 * openpgp.js decrypts every well-formed one (the tests check that first).
 */

/** The public half of an ECDH cv25519 encryption key, as a sender needs it. */
export interface Curve25519Recipient {
  keyId: Uint8Array;
  /** the v4 fingerprint (20 bytes) the KDF mixes in */
  fingerprint: Uint8Array;
  /** the native (little-endian) 32-byte X25519 public key */
  point: Uint8Array;
  kdfHash: number;
  kdfCipher: number;
}

/** A symmetric algorithm id (RFC 9580 §9.3) and a session key. */
export interface Session {
  algorithm: number;
  key: Uint8Array;
}

/** The fields of a v3 PKESK for ECDH, each of which a test may replace before {@link pkeskBody}. */
export interface PkeskFields {
  version: number;
  keyId: Uint8Array;
  algorithm: number;
  /** the bit count of the ephemeral point's MPI (263 for 0x40 and 32 bytes) */
  mpiBits: number;
  /** the MPI's bytes: 0x40 then the native point */
  point: Uint8Array;
  /** the octet before the wrapped key: its length */
  wrappedLength: number;
  wrapped: Uint8Array;
}

const CV25519_OID_FIELD = Buffer.from("0a2b060104019755010501", "hex");
const X25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b656e04220420", "hex");
const HASH_NAMES: Record<number, string> = { 8: "sha256", 9: "sha384", 10: "sha512" };
/** Key lengths of the AES ids; an unknown id's key is 32 bytes (any length serves a refusal test). */
const AES_KEY_LENGTH: Record<number, number> = { 7: 16, 8: 24, 9: 32 };

/** The ECDH cv25519 encryption subkey of an openpgp.js key, as a sender sees it. */
export function recipientOf(key: Key): Curve25519Recipient {
  const subkey = key.subkeys.find((sub) => sub.getAlgorithmInfo().algorithm === "ecdh");
  if (!subkey) throw new Error("the key should have an ECDH subkey");
  const packet = subkey.keyPacket as unknown as {
    publicParams: { Q: Uint8Array; kdfParams: { hash: number; cipher: number } };
    getFingerprintBytes(): Uint8Array;
  };
  return {
    keyId: Buffer.from(subkey.getKeyID().toHex(), "hex"),
    fingerprint: packet.getFingerprintBytes(),
    point: packet.publicParams.Q.subarray(1),
    kdfHash: packet.publicParams.kdfParams.hash,
    kdfCipher: packet.publicParams.kdfParams.cipher,
  };
}

/** `length` bytes from a seeded generator. */
export function seededBytes(random: () => number, length: number): Uint8Array {
  return Uint8Array.from({ length }, () => Math.floor(random() * 256));
}

/** A session key of the algorithm's length from the generator. */
export function sessionOf(algorithm: number, random: () => number): Session {
  return { algorithm, key: seededBytes(random, AES_KEY_LENGTH[algorithm] ?? 32) };
}

/** The RFC 9580 §11.5 key-encryption key, from the shared secret `shared`. */
export function keyEncryptionKey(recipient: Curve25519Recipient, shared: Uint8Array): Uint8Array {
  const hash = HASH_NAMES[recipient.kdfHash];
  if (!hash) throw new Error(`no KDF hash ${recipient.kdfHash} in this helper`);
  const digest = createHash(hash)
    .update(Uint8Array.from([0, 0, 0, 1]))
    .update(shared)
    .update(CV25519_OID_FIELD)
    .update(Uint8Array.from([18, 3, 1, recipient.kdfHash, recipient.kdfCipher]))
    .update("Anonymous Sender    ")
    .update(recipient.fingerprint)
    .digest();
  return digest.subarray(0, AES_KEY_LENGTH[recipient.kdfCipher]);
}

/** algorithm, key, two-byte checksum: the plaintext a v3 PKESK wraps (RFC 9580 §5.1.3). */
export function sessionPayload(session: Session): Uint8Array {
  const checksum = session.key.reduce((sum, byte) => (sum + byte) % 65536, 0);
  return Uint8Array.from([session.algorithm, ...session.key, checksum >> 8, checksum & 0xff]);
}

/** PKCS #5 padding to 8 octets (RFC 9580 §11.5): 1 to 8 bytes, each the pad's length. */
export function pkcs5(payload: Uint8Array): Uint8Array {
  const pad = 8 - (payload.length % 8);
  return Uint8Array.from([...payload, ...new Array(pad).fill(pad)]);
}

/** RFC 3394 AES key wrap of `padded` (a multiple of 8 bytes, at least 16) under `kek`. */
export function keyWrap(kek: Uint8Array, padded: Uint8Array): Uint8Array {
  const cipher = createCipheriv(`id-aes${kek.length * 8}-wrap`, kek, Buffer.alloc(8, 0xa6));
  return new Uint8Array(Buffer.concat([cipher.update(padded), cipher.final()]));
}

/** An X25519 private key from 32 bytes, and its native public key. */
export function x25519From(secret: Uint8Array): { privateKey: KeyObject; point: Uint8Array } {
  const privateKey = createPrivateKey({
    key: Buffer.concat([X25519_PKCS8_PREFIX, secret]),
    format: "der",
    type: "pkcs8",
  });
  const jwk = createPublicKey(privateKey).export({ format: "jwk" });
  return { privateKey, point: new Uint8Array(Buffer.from(jwk.x ?? "", "base64url")) };
}

/** X25519 of a private key and a native public point. */
export function sharedSecret(privateKey: KeyObject, point: Uint8Array): Uint8Array {
  const publicKey = createPublicKey({
    key: { kty: "OKP", crv: "X25519", x: Buffer.from(point).toString("base64url") },
    format: "jwk",
  });
  return new Uint8Array(diffieHellman({ privateKey, publicKey }));
}

/**
 * The fields of a correct v3 ECDH PKESK giving `session` to `recipient`.
 *
 * @param options.recipient - who can open it
 * @param options.session - the session key it carries
 * @param options.random - the seeded generator (the ephemeral key)
 * @param options.hidden - a wildcard key id (RFC 9580 §5.1.1)
 * @param options.padded - the bytes to wrap instead of the padded session payload
 * @param options.ephemeral - an ephemeral point and the shared secret a sender would use with it
 *   (for points of low order, whose shared secret is zero)
 */
export function pkeskFields(options: {
  recipient: Curve25519Recipient;
  session: Session;
  random: () => number;
  hidden?: boolean;
  padded?: Uint8Array;
  ephemeral?: { point: Uint8Array; shared: Uint8Array };
}): PkeskFields {
  const { recipient, session, random } = options;
  let ephemeral = options.ephemeral;
  if (!ephemeral) {
    const own = x25519From(seededBytes(random, 32));
    ephemeral = { point: own.point, shared: sharedSecret(own.privateKey, recipient.point) };
  }
  const wrapped = keyWrap(
    keyEncryptionKey(recipient, ephemeral.shared),
    options.padded ?? pkcs5(sessionPayload(session)),
  );
  return {
    version: 3,
    keyId: options.hidden ? new Uint8Array(8) : recipient.keyId,
    algorithm: 18,
    mpiBits: 263,
    point: Uint8Array.from([0x40, ...ephemeral.point]),
    wrappedLength: wrapped.length,
    wrapped,
  };
}

/** A PKESK's body from its fields, exactly as given (nothing recomputed). */
export function pkeskBody(fields: PkeskFields): Uint8Array {
  return Uint8Array.from([
    fields.version,
    ...fields.keyId,
    fields.algorithm,
    fields.mpiBits >> 8,
    fields.mpiBits & 0xff,
    ...fields.point,
    fields.wrappedLength,
    ...fields.wrapped,
  ]);
}

/** Node's CFB cipher and the block size of an OpenPGP symmetric algorithm, for the SEIPD. */
const CFB: Record<number, { name: string; block: number }> = {
  2: { name: "des-ede3-cfb", block: 8 },
  7: { name: "aes-128-cfb", block: 16 },
  8: { name: "aes-192-cfb", block: 16 },
  9: { name: "aes-256-cfb", block: 16 },
};

/**
 * A SEIPD v1 body (RFC 9580 §5.13.1): version 1, then CFB with a zero IV over the random prefix (its
 * last two bytes repeated), `inner`, the MDC packet's header and the SHA-1 of all that.
 *
 * @param options.session - the session key and its algorithm (AES or TripleDES)
 * @param options.inner - the packets inside, as bytes
 * @param options.random - the seeded generator (the prefix)
 * @param options.version - the version octet (default 1)
 * @param options.breakQuickCheck - the prefix's repeated bytes do not repeat (the MDC still matches)
 * @param options.mdcHeader - the MDC packet's two header bytes (default 0xd3 0x14)
 * @param options.mdc - the 20 bytes in place of the right SHA-1
 * @param options.plaintext - the whole plaintext to encrypt instead (prefix, inner and MDC as given)
 */
export function seipdBody(options: {
  session: Session;
  inner: Uint8Array;
  random: () => number;
  version?: number;
  breakQuickCheck?: boolean;
  mdcHeader?: readonly [number, number];
  mdc?: Uint8Array;
  plaintext?: Uint8Array;
}): Uint8Array {
  // Another algorithm's data is encrypted with the AES of its key's length: only a refusal is tested.
  const cfb = CFB[options.session.algorithm] ?? {
    name: `aes-${options.session.key.length * 8}-cfb`,
    block: 16,
  };
  const random = seededBytes(options.random, cfb.block);
  const repeat = options.breakQuickCheck
    ? [(random.at(-2) as number) ^ 1, random.at(-1) as number]
    : [random.at(-2) as number, random.at(-1) as number];
  const hashed = Uint8Array.from([
    ...random,
    ...repeat,
    ...options.inner,
    ...(options.mdcHeader ?? [0xd3, 0x14]),
  ]);
  const mdc = options.mdc ?? createHash("sha1").update(hashed).digest();
  const plaintext = options.plaintext ?? Uint8Array.from([...hashed, ...mdc]);
  const key = options.session.key.subarray(0, cfb.name.startsWith("des") ? 24 : undefined);
  const cipher = createCipheriv(cfb.name, key, Buffer.alloc(cfb.block));
  return Uint8Array.from([options.version ?? 1, ...cipher.update(plaintext), ...cipher.final()]);
}

/** A literal data packet's body: format, file name (length-prefixed), four bytes of date, the data. */
export function literalBody(
  data: Uint8Array,
  options: { format?: number; fileName?: string } = {},
): Uint8Array {
  const name = new TextEncoder().encode(options.fileName ?? "");
  return Uint8Array.from([options.format ?? 0x62, name.length, ...name, 0, 0, 0, 0, ...data]);
}

/** A packet with an old-format header (RFC 9580 §4.2.2): length type 0, 1, 2, or 3 (indeterminate). */
export function oldFormatPacket(tag: number, body: Uint8Array, lengthType: 0 | 1 | 2 | 3): Uint8Array {
  const n = body.length;
  const length = [[n], [n >> 8, n & 0xff], [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff], []][
    lengthType
  ] as number[];
  return Uint8Array.from([0x80 | (tag << 2) | lengthType, ...length, ...body]);
}

/**
 * A new-format packet whose body is sent in partial-length chunks of 2^power bytes each (RFC 9580
 * §4.2.1.4), then the rest with a final length of the given form (1, 2 or 5 octets).
 */
export function partialPacket(
  tag: number,
  body: Uint8Array,
  powers: readonly number[],
  finalForm: 1 | 2 | 5,
): Uint8Array {
  const out: number[] = [0xc0 | tag];
  let at = 0;
  for (const power of powers) {
    if (at + 2 ** power > body.length)
      throw new Error(`a body of ${body.length} bytes has no chunk of 2^${power} at ${at}`);
    out.push(224 + power, ...body.subarray(at, at + 2 ** power));
    at += 2 ** power;
  }
  const rest = body.subarray(at);
  const n = rest.length;
  if (finalForm === 1 && n < 192) out.push(n);
  else if (finalForm !== 5 && n >= 192 && n < 8384) out.push(((n - 192) >> 8) + 192, (n - 192) & 0xff);
  else out.push(0xff, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  return Uint8Array.from([...out, ...rest]);
}

/** Packets armored as a `PGP MESSAGE`, the way the form and openpgp.js write it. */
export function armorMessage(...packets: Uint8Array[]): string {
  const base64 = Buffer.concat(packets).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PGP MESSAGE-----\n\n${lines.join("\n")}\n-----END PGP MESSAGE-----\n`;
}
