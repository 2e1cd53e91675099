import {
  createDecipheriv,
  createHash,
  createPublicKey,
  diffieHellman,
  type KeyObject,
  timingSafeEqual,
} from "node:crypto";
import {
  dearmorMessage,
  listPackets,
  MAX_RECIPIENT_PACKETS,
  PACKET_TAG,
  type PacketFrame,
  WILDCARD_KEY_ID,
} from "../report/message-packets.ts";
import type { Curve25519Key } from "./curve25519-keys.ts";

/**
 * The fast path of `confide decrypt`: decrypts the one shape of message Confide's form writes to
 * Curve25519 keys (ECDH session-key packets, RFC 9580 §5.1 and §11.5, then one integrity-protected
 * SEIPD v1 packet, §5.13.1, holding one uncompressed literal packet) with Node's own crypto, without
 * openpgp.js. openpgp.js runs its key agreement through WebCrypto and imports the key twice for each
 * message (about 2 ms a report); here one X25519 agreement is tens of microseconds.
 *
 * It only ever answers "decrypted" or "not handled". Everything else (another algorithm, compression,
 * AEAD, signatures, an integrity check that fails, a key that is not one of ours) is "not handled",
 * and the caller asks openpgp.js, which then names what is wrong. So a message is only read here when
 * its modification detection code (SHA-1 over the whole plaintext) matches: a bug here can turn a good
 * report into "ask openpgp.js", never into a wrong report.
 */

/** What {@link decryptCurve25519} gives. */
export type Curve25519Result = { kind: "decrypted"; plaintext: Uint8Array } | { kind: "not-handled" };

const NOT_HANDLED: Curve25519Result = { kind: "not-handled" };
const ECDH = 18;
/** The cv25519 OID with its length byte, as the KDF parameters carry it (RFC 9580 §11.5). */
const CV25519_OID_FIELD = Uint8Array.from([0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01]);
const ANONYMOUS_SENDER = new TextEncoder().encode("Anonymous Sender    ");
/** RFC 3394's initial value for AES key wrap. */
const KEY_WRAP_IV = Buffer.from("a6a6a6a6a6a6a6a6", "hex");
const HASHES: Record<number, string> = { 8: "sha256", 9: "sha384", 10: "sha512" };
/** AES by OpenPGP's symmetric algorithm id: Node's names for CFB mode and key wrap, the key length. */
const AES: Record<number, { cfb: string; wrap: string; length: number }> = {
  7: { cfb: "aes-128-cfb", wrap: "id-aes128-wrap", length: 16 },
  8: { cfb: "aes-192-cfb", wrap: "id-aes192-wrap", length: 24 },
  9: { cfb: "aes-256-cfb", wrap: "id-aes256-wrap", length: 32 },
};

/**
 * The session-key algorithms the fast path decrypts: AES-128 and AES-256. openpgp.js refuses a session
 * key of an algorithm the recipient's key does not prefer, unless it is AES-256, AES-128, TripleDES or
 * CAST5; so AES-192 decrypts there only when the key lists it (keys openpgp.js 6 and `confide keygen`
 * make do not). It is left to openpgp.js, which knows the key's preferences; the form uses AES-256.
 */
const SESSION_ALGORITHMS = new Set([7, 9]);

/** The modification detection code packet's header: tag 19, length 20 (RFC 9580 §5.13.1). */
const MDC_HEADER = [0xd3, 0x14];

/**
 * Decrypts an armored message with Curve25519 keys when it has the form's shape.
 *
 * @param options.armored - the armored message, untrusted
 * @param options.keys - the responder's Curve25519 keys (see curve25519-keys.ts)
 * @param options.maxBytes - the largest plaintext accepted: a longer one is "not handled" (openpgp.js
 *   then refuses it by name)
 * @returns the plaintext bytes, or "not handled"; never throws on a message
 */
export function decryptCurve25519(options: {
  armored: string;
  keys: readonly Curve25519Key[];
  maxBytes: number;
}): Curve25519Result {
  const { armored, keys, maxBytes } = options;
  if (keys.length === 0) return NOT_HANDLED;
  const dearmored = dearmorMessage(armored);
  if (dearmored.kind !== "binary") return NOT_HANDLED;
  // A Buffer over the same memory (no copy): its subarrays print as hex or base64url without copying.
  const bytes = Buffer.from(dearmored.bytes.buffer, dearmored.bytes.byteOffset, dearmored.bytes.byteLength);
  const frames = listPackets(bytes);
  const data = frames?.at(-1);
  if (!frames || !data || data.tag !== PACKET_TAG.symEncryptedIntegrityProtectedData) return NOT_HANDLED;
  const sessionFrames = frames.slice(0, -1);
  // More recipients than any form sends: openpgp.js's path refuses it by name.
  if (sessionFrames.length > MAX_RECIPIENT_PACKETS) return NOT_HANDLED;
  if (sessionFrames.some((frame) => frame.tag !== PACKET_TAG.publicKeyEncryptedSessionKey || frame.partial))
    return NOT_HANDLED;
  // openpgp.js refuses a whole message when any one of its recipient packets is malformed, even one
  // for somebody else: so must the fast path, rather than decrypt it with another packet.
  if (!sessionFrames.every((frame) => isWellFormedRecipient(bytes.subarray(frame.start, frame.end))))
    return NOT_HANDLED;
  for (const frame of sessionFrames) {
    const sessionKey = unwrapSessionKey(bytes.subarray(frame.start, frame.end), keys);
    if (!sessionKey) continue;
    const plaintext = decryptIntegrityProtected(packetBody(bytes, data), sessionKey, maxBytes);
    return plaintext ? { kind: "decrypted", plaintext } : NOT_HANDLED;
  }
  return NOT_HANDLED;
}

/** Public-key algorithms whose v3 PKESK shape {@link isWellFormedRecipient} knows (RFC 9580 §9.1). */
const RSA = [1, 2];
const ELGAMAL = 16;
/** X25519 and X448 (RFC 9580 §5.1.6, §5.1.7): their ephemeral keys' lengths. */
const MONTGOMERY_POINT: Record<number, number> = { 25: 32, 26: 56 };
/** The symmetric algorithm ids openpgp.js knows (RFC 9580 §9.3): it refuses an X25519 PKESK naming another. */
const KNOWN_SYMMETRIC = new Set([0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13]);

/**
 * Whether a recipient packet is a v3 PKESK whose fields fill it exactly (RFC 9580 §5.1.3 to §5.1.7):
 * RSA's MPI, ElGamal's two, ECDH's MPI and wrapped key, X25519's or X448's point and wrapped key.
 * Stricter than openpgp.js, which refuses the whole message when a field runs past the packet's end
 * (and skips unknown versions and algorithms): anything else here leaves the message to openpgp.js.
 */
function isWellFormedRecipient(body: Buffer): boolean {
  if (body.length < 10 || body[0] !== 3) return false;
  const algorithm = body[9] as number;
  let at = 10;
  /** Steps over one MPI (RFC 9580 §3.2); false when it runs past the end. */
  const mpi = (): boolean => {
    if (at + 2 > body.length) return false;
    at += 2 + Math.ceil((((body[at] as number) << 8) | (body[at + 1] as number)) / 8);
    return at <= body.length;
  };
  if (RSA.includes(algorithm)) return mpi() && at === body.length;
  if (algorithm === ELGAMAL) return mpi() && mpi() && at === body.length;
  if (algorithm === ECDH) return mpi() && at < body.length && at + 1 + (body[at] as number) === body.length;
  const point = MONTGOMERY_POINT[algorithm];
  if (point === undefined) return false;
  // The point, a size octet, then (v3) the symmetric algorithm and the wrapped key.
  at += point;
  const size = body[at];
  return (
    size !== undefined &&
    size % 2 === 1 &&
    at + 1 + size === body.length &&
    KNOWN_SYMMETRIC.has(body[at + 1] as number)
  );
}

/** A symmetric algorithm and its session key. */
interface SessionKey {
  algorithm: number;
  key: Uint8Array;
}

/**
 * The session key of a v3 ECDH PKESK (RFC 9580 §5.1.4), when one of `keys` unwraps it. A hidden
 * recipient (key id 0) is tried with every key: AES key wrap's own integrity check tells the right one.
 */
function unwrapSessionKey(body: Buffer, keys: readonly Curve25519Key[]): SessionKey | null {
  if (body.length < 12 || body[0] !== 3 || body[9] !== ECDH) return null;
  const keyId = body.toString("hex", 1, 9);
  // The ephemeral public key: an MPI of 263 bits, 0x40 then 32 bytes.
  if (((body[10] as number) << 8) + (body[11] as number) !== 263 || body[12] !== 0x40) return null;
  const ephemeral = body.subarray(13, 45);
  const wrappedLength = body[45];
  if (wrappedLength === undefined || body.length !== 46 + wrappedLength) return null;
  const wrapped = body.subarray(46);
  let publicKey: KeyObject | undefined;
  for (const key of keys) {
    if (keyId !== WILDCARD_KEY_ID && keyId !== key.keyId) continue;
    try {
      // As a JWK: Node reads it about five times faster than the same key as DER.
      publicKey ??= createPublicKey({
        key: { kty: "OKP", crv: "X25519", x: ephemeral.toString("base64url") },
        format: "jwk",
      });
      const shared = diffieHellman({ privateKey: key.privateKey, publicKey });
      const unwrapped = unwrapWithKdf(shared, key, wrapped);
      if (unwrapped) return unwrapped;
    } catch {
      // A malformed point, an all-zero shared secret, or the wrong key: not this key.
    }
  }
  return null;
}

/** RFC 9580 §11.5: the key-encryption key from the shared secret, then AES key unwrap and the checks. */
function unwrapWithKdf(shared: Uint8Array, key: Curve25519Key, wrapped: Uint8Array): SessionKey | null {
  const hash = HASHES[key.kdfHash];
  const kek = AES[key.kdfCipher];
  if (!hash || !kek) return null;
  const digest = createHash(hash)
    .update(Uint8Array.from([0, 0, 0, 1]))
    .update(shared)
    .update(CV25519_OID_FIELD)
    .update(Uint8Array.from([ECDH, 3, 1, key.kdfHash, key.kdfCipher]))
    .update(ANONYMOUS_SENDER)
    .update(key.fingerprint)
    .digest();
  // Throws when the wrap's integrity check fails: the key does not open this packet.
  const unwrap = createDecipheriv(kek.wrap, digest.subarray(0, kek.length), KEY_WRAP_IV);
  const padded = Buffer.concat([unwrap.update(wrapped), unwrap.final()]);
  // PKCS #5 padding to 8 bytes, then algorithm, key, two-byte checksum.
  const pad = padded.at(-1) as number;
  if (pad < 1 || pad > 8 || pad >= padded.length) return null;
  for (let i = padded.length - pad; i < padded.length; i++) if (padded[i] !== pad) return null;
  const decoded = padded.subarray(0, padded.length - pad);
  const algorithm = decoded[0] as number;
  const cipher = SESSION_ALGORITHMS.has(algorithm) ? AES[algorithm] : undefined;
  if (!cipher || decoded.length !== 1 + cipher.length + 2) return null;
  const sessionKey = decoded.subarray(1, 1 + cipher.length);
  const checksum = ((decoded.at(-2) as number) << 8) | (decoded.at(-1) as number);
  if (checksum !== sessionKey.reduce((sum, byte) => (sum + byte) % 65536, 0)) return null;
  return { algorithm, key: sessionKey };
}

/**
 * A SEIPD v1 packet's plaintext (RFC 9580 §5.13.1): CFB with a zero IV over a random prefix, the data
 * and the MDC; the MDC must match. Returns the literal packet's content, or null when the packet is
 * anything but one uncompressed literal packet, or the MDC does not match, or it is over `maxBytes`.
 */
function decryptIntegrityProtected(
  body: Uint8Array,
  session: SessionKey,
  maxBytes: number,
): Uint8Array | null {
  const cipher = AES[session.algorithm];
  if (!cipher || body[0] !== 1 || body.length < 1 + 18 + 22) return null;
  const decipher = createDecipheriv(cipher.cfb, session.key, Buffer.alloc(16));
  const plain = Buffer.concat([decipher.update(body.subarray(1)), decipher.final()]);
  // The prefix repeats its last two bytes (a quick check of the key), and the MDC closes the packet.
  if (plain[14] !== plain[16] || plain[15] !== plain[17]) return null;
  const mdcAt = plain.length - 22;
  if (plain[mdcAt] !== MDC_HEADER[0] || plain[mdcAt + 1] !== MDC_HEADER[1]) return null;
  const expected = createHash("sha1")
    .update(plain.subarray(0, mdcAt + 2))
    .digest();
  if (!timingSafeEqual(expected, plain.subarray(mdcAt + 2))) return null;
  const inner = plain.subarray(18, mdcAt);
  const frames = listPackets(inner);
  if (frames?.length !== 1 || frames[0]?.tag !== PACKET_TAG.literalData) return null;
  const literal = packetBody(inner, frames[0]);
  // Format byte, file name (length-prefixed), four bytes of date, then the content.
  const nameLength = literal[1];
  if (nameLength === undefined || literal.length < 2 + nameLength + 4) return null;
  const content = literal.subarray(2 + nameLength + 4);
  return content.length > maxBytes ? null : content;
}

/** A packet's body, its partial-length chunks joined (RFC 9580 §4.2.1.4). */
function packetBody(bytes: Uint8Array, frame: PacketFrame): Uint8Array {
  if (!frame.partial) return bytes.subarray(frame.start, frame.end);
  const chunks: Uint8Array[] = [];
  // listPackets puts `start` after the first length octet; a partial length is always one octet.
  let at = frame.start - 1;
  for (;;) {
    const first = bytes[at++] as number;
    let length: number;
    if (first < 192) length = first;
    else if (first < 224) length = ((first - 192) << 8) + (bytes[at++] as number) + 192;
    else if (first === 255) {
      length =
        (bytes[at] as number) * 2 ** 24 +
        (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
      at += 4;
    } else {
      length = 2 ** (first & 0x1f);
      chunks.push(bytes.subarray(at, at + length));
      at += length;
      continue;
    }
    chunks.push(bytes.subarray(at, at + length));
    return Buffer.concat(chunks);
  }
}
