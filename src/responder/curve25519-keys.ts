import { createHash, createPrivateKey, type KeyObject } from "node:crypto";
import { listPackets, type PacketFrame } from "../report/message-packets.ts";

/**
 * Reads the Curve25519 encryption keys (ECDH on cv25519, RFC 9580 §5.5.5.6 "legacy" v4 keys, what
 * `confide keygen`, GnuPG, Kleopatra and Thunderbird make by default) out of an OpenPGP secret key, as
 * Node's crypto can use them directly. Pure parsing over bytes; no openpgp.js, so `confide decrypt`
 * starts and decrypts without loading it (see curve25519-decrypt.ts, the fast path it feeds).
 *
 * It reads only what it is sure of. A key that can decrypt but that it cannot read whole (protected by
 * a passphrase, RSA, v6, a dummy stub, anything unexpected) is counted in `others`, and the caller
 * reads the file with openpgp.js instead. Signing-only keys (the Ed25519 primary) are not counted.
 */

/** One Curve25519 encryption key, ready for key agreement. */
export interface Curve25519Key {
  /** 16 lowercase hex digits: the key id a PKESK names (the last 8 bytes of the v4 fingerprint) */
  keyId: string;
  /** the v4 fingerprint (20 bytes), which the key derivation mixes in (RFC 9580 §11.5) */
  fingerprint: Uint8Array;
  /** the KDF's hash algorithm id (8 SHA-256, 9 SHA-384, 10 SHA-512) */
  kdfHash: number;
  /** the key-wrapping cipher's algorithm id (7 AES-128, 8 AES-192, 9 AES-256) */
  kdfCipher: number;
  /** the private key, as Node's crypto takes it */
  privateKey: KeyObject;
}

/** What {@link readCurve25519Keys} finds in a secret key file. */
export interface Curve25519Keyring {
  /** the Curve25519 encryption keys read whole */
  keys: Curve25519Key[];
  /** how many other secret keys there are that can decrypt (protected, other algorithms, unreadable) */
  others: number;
}

/** Packet tags of secret keys (RFC 9580 §5.5.1.3, §5.5.1.4). */
const SECRET_KEY = 5;
const SECRET_SUBKEY = 7;
/** Public-key algorithm 18: ECDH. */
const ECDH = 18;
/** The OID of Curve25519 for ECDH in OpenPGP (1.3.6.1.4.1.3029.1.5.1), as its DER bytes. */
const CV25519_OID = Uint8Array.from([0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01]);
/** Node's PKCS #8 DER prefix for a raw 32-byte X25519 private key (RFC 8410). */
const X25519_PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);
/** Public-key algorithms that only sign (RFC 9580 §9.1: DSA, ECDSA, EdDSA, Ed25519, Ed448). */
const SIGNING_ONLY = new Set([17, 19, 22, 27, 28]);
const KDF_HASHES = new Set([8, 9, 10]);
const KDF_CIPHERS = new Set([7, 8, 9]);

/**
 * The Curve25519 encryption keys in a secret key file, armored (`-----BEGIN PGP PRIVATE KEY BLOCK-----`)
 * or binary, and how many other secret keys it holds. Never throws: what is not understood is counted
 * in `others` (or, when the file is not a key file at all, gives no keys and no others).
 *
 * @param options.key - the key file's bytes
 */
export function readCurve25519Keys(options: { key: Uint8Array }): Curve25519Keyring {
  const bytes = keyFileBytes(options.key);
  const frames = bytes ? listPackets(bytes) : null;
  const keyring: Curve25519Keyring = { keys: [], others: 0 };
  if (!bytes || !frames) return keyring;
  for (const frame of frames) {
    if (frame.tag !== SECRET_KEY && frame.tag !== SECRET_SUBKEY) continue;
    const key = frame.partial ? null : readSecretKeyPacket(bytes, frame);
    if (key) keyring.keys.push(key);
    else if (!SIGNING_ONLY.has(bytes[frame.start + 5] as number)) keyring.others++;
  }
  return keyring;
}

/** The binary packets of a key file: the armor's base64 decoded, or the bytes as they are. */
function keyFileBytes(file: Uint8Array): Uint8Array | null {
  const text = new TextDecoder().decode(file.subarray(0, 64 * 1024 * 1024));
  const begin = text.indexOf("-----BEGIN PGP PRIVATE KEY BLOCK-----");
  if (begin < 0) return file.length > 0 && (file[0] as number) & 0x80 ? file : null;
  const end = text.indexOf("-----END PGP PRIVATE KEY BLOCK-----", begin);
  if (end < 0) return null;
  const lines = text
    .slice(begin, end)
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.trim());
  // Armor headers (Comment:, Version:) end at the first blank line; the CRC line starts with "=".
  const blank = lines.indexOf("");
  const body = (lines.some((line) => /^[\w-]+: /.test(line)) ? lines.slice(blank + 1) : lines).filter(
    (line) => line !== "" && !line.startsWith("="),
  );
  if (!body.every((line) => /^[A-Za-z0-9+/]+={0,2}$/.test(line))) return null;
  return new Uint8Array(Buffer.from(body.join(""), "base64"));
}

/** One unprotected v4 ECDH cv25519 secret key packet, or null for anything else. */
function readSecretKeyPacket(bytes: Uint8Array, frame: PacketFrame): Curve25519Key | null {
  const body = bytes.subarray(frame.start, frame.end);
  // version 4, 4 bytes of creation time, the algorithm
  if (body.length < 6 || body[0] !== 4 || body[5] !== ECDH) return null;
  let at = 6;
  const oidLength = body[at++] as number;
  const oid = body.subarray(at, at + oidLength);
  at += oidLength;
  if (!sameBytes(oid, CV25519_OID)) return null;
  // The public point: an MPI of 263 bits, 0x40 then the 32-byte native public key.
  const pointBits = readUint16(body, at);
  at += 2;
  if (pointBits !== 263 || body[at] !== 0x40) return null;
  at += 33;
  // KDF parameters: length 3, reserved 1, hash, cipher.
  if (body[at] !== 3 || body[at + 1] !== 1) return null;
  const kdfHash = body[at + 2] as number;
  const kdfCipher = body[at + 3] as number;
  at += 4;
  if (!KDF_HASHES.has(kdfHash) || !KDF_CIPHERS.has(kdfCipher)) return null;
  const publicEnd = at;
  // s2k usage 0: the secret is in the clear (a passphrase-protected key is openpgp.js's to unlock).
  if (body[at++] !== 0) return null;
  const secretBits = readUint16(body, at);
  if (secretBits === null) return null;
  const secretLength = Math.ceil(secretBits / 8);
  if (secretLength > 32 || at + 2 + secretLength + 2 !== body.length) return null;
  const mpi = body.subarray(at, at + 2 + secretLength);
  const checksum = readUint16(body, at + 2 + secretLength);
  if (checksum !== mpi.reduce((sum, byte) => (sum + byte) % 65536, 0)) return null;
  // The secret is stored big-endian, the reverse of X25519's native little-endian order (RFC 9580 §5.5.5.6).
  const native = new Uint8Array(32);
  const secret = mpi.subarray(2);
  for (let i = 0; i < secret.length; i++) native[i] = secret[secret.length - 1 - i] as number;
  const fingerprint = new Uint8Array(
    createHash("sha1")
      .update(Uint8Array.from([0x99, publicEnd >> 8, publicEnd & 0xff]))
      .update(body.subarray(0, publicEnd))
      .digest(),
  );
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({
      key: Buffer.concat([X25519_PKCS8_PREFIX, native]),
      format: "der",
      type: "pkcs8",
    });
  } catch {
    return null;
  }
  return {
    keyId: Buffer.from(fingerprint.subarray(12)).toString("hex"),
    fingerprint,
    kdfHash,
    kdfCipher,
    privateKey,
  };
}

function readUint16(bytes: Uint8Array, at: number): number | null {
  if (at + 2 > bytes.length) return null;
  return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
