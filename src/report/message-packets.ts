/**
 * Reads the outer structure of an armored OpenPGP message without decrypting anything: the armor,
 * the top-level packets (RFC 9580 §4.2) and who each public-key encrypted session key (PKESK, §5.1)
 * names as its recipient. Pure and dependency-free (web APIs only), so the hook, the inbox, the tools
 * and the tests read a message the same way. It decides nothing: `validate-submission.ts` decides what
 * to accept; the tests assert on what a form report's recipient packets say.
 */

import type { enums } from "openpgp";

/** The key id a PKESK carries when it hides its recipient (RFC 9580 §5.1.1: "wildcard"). */
export const WILDCARD_KEY_ID = "0000000000000000";

/**
 * The most recipient (public-key encrypted session key) packets any message may carry, whatever the
 * roster: trying each against a private key costs a key agreement, so thousands cost seconds. The form
 * writes one per receiving responder (decoys included in hidden mode), and no roster comes near this.
 */
export const MAX_RECIPIENT_PACKETS = 256;

/** Top-level packet tags (RFC 9580 §5), the ones a report's checks name. */
export const PACKET_TAG = {
  publicKeyEncryptedSessionKey: 1,
  signature: 2,
  symEncryptedSessionKey: 3,
  onePassSignature: 4,
  compressedData: 8,
  symmetricallyEncryptedData: 9,
  literalData: 11,
  symEncryptedIntegrityProtectedData: 18,
  aeadEncryptedData: 20,
} as const satisfies Partial<Record<keyof typeof enums.packet, number>>;

/** The bytes of an armored message, or why there are none. */
export type Dearmored =
  | { kind: "binary"; bytes: Uint8Array }
  /** not a `PGP MESSAGE` armor at all */
  | { kind: "not-armored" }
  /** armor headers (`Comment:` …): readable text outside the encryption */
  | { kind: "armor-headers" }
  /** a malformed armor or base64 body */
  | { kind: "damaged" };

/** One top-level packet: its tag and where its body lies in the message's bytes. */
export interface PacketFrame {
  tag: number;
  /** offset of the body's first byte */
  start: number;
  /** offset just past the body (for a packet with partial body lengths: past its last chunk) */
  end: number;
  /** whether the body was sent in partial-length chunks (then `start`..`end` includes chunk headers) */
  partial: boolean;
}

/** What one PKESK says about its recipient. */
export interface RecipientPacket {
  /** the PKESK's version: 3 (before a SEIPD v1) or 6 (before a SEIPD v2) */
  version: number;
  /**
   * 16 lowercase hex digits: the recipient key's id, {@link WILDCARD_KEY_ID} when hidden (v3), or
   * null when a v6 PKESK names no key at all (its anonymous form)
   */
  keyId: string | null;
  /** the public-key algorithm id (RFC 9580 §9.1: 1 RSA, 18 ECDH, 25 X25519, …) */
  algorithm: number;
}

const BEGIN = "-----BEGIN PGP MESSAGE-----";
const END = "-----END PGP MESSAGE-----";

/**
 * The bytes inside a strictly shaped `PGP MESSAGE` armor. openpgp's own unarmor accepts text before
 * and after the armor and arbitrary armor headers, all readable; none is allowed here. The optional
 * CRC-24 line is accepted and not checked (RFC 9580 §6.1 says not to reject on it).
 */
export function dearmorMessage(text: string): Dearmored {
  // Split on LF; each line's trimEnd() below also drops a CR, so CRLF text reads the same.
  const lines = text.trim().split("\n");
  if (lines[0]?.trimEnd() !== BEGIN) return { kind: "not-armored" };
  if (lines.length < 4 || lines.at(-1)?.trimEnd() !== END) return { kind: "damaged" };
  const afterBegin = lines[1]?.trimEnd() ?? "";
  if (afterBegin !== "") return { kind: /^[\w-]+: /.test(afterBegin) ? "armor-headers" : "damaged" };
  const body = lines.slice(2, -1).map((line) => line.trimEnd());
  if (/^=[A-Za-z0-9+/]{4}$/.test(body.at(-1) ?? "")) body.pop();
  if (body.length === 0 || body.includes("")) return { kind: "damaged" };
  // One check over the joined lines, not one per line: a 2 MiB report has 30,000 lines.
  const base64 = body.join("");
  if (!isBase64(base64)) return { kind: "damaged" };
  const bytes = decodeBase64(base64);
  return bytes ? { kind: "binary", bytes } : { kind: "damaged" };
}

/** Which character codes are base64 digits (RFC 4648 §4). */
const BASE64_DIGIT = (() => {
  const digits = new Uint8Array(128);
  for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    digits[char.charCodeAt(0)] = 1;
  return digits;
})();

/**
 * Whether a text is base64 digits followed by at most two "=". A loop over a table: the equivalent
 * regular expression (/^[A-Za-z0-9+/]+={0,2}$/) costs ten times as much on a 5 KB report.
 */
function isBase64(text: string): boolean {
  const end = text.length - (text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0);
  if (end === 0) return false;
  for (let i = 0; i < end; i++) if (BASE64_DIGIT[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * Strict base64 (the alphabet is checked by the caller): padded to a multiple of 4, or unpadded and
 * not one character over, as atob requires. Node's Buffer decodes it about twenty times faster than
 * Node 20's atob, which matters for `confide decrypt` over thousands of reports; the hook, on web
 * APIs only, uses atob.
 */
function decodeBase64(base64: string): Uint8Array | null {
  if (base64.endsWith("=") ? base64.length % 4 !== 0 : base64.length % 4 === 1) return null;
  const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: "base64"): Uint8Array } })
    .Buffer;
  if (NodeBuffer) return new Uint8Array(NodeBuffer.from(base64, "base64"));
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

/**
 * The top-level packets of a binary OpenPGP message (both header formats, partial body lengths
 * included), or null when the framing runs past the end of the data.
 */
export function listPackets(bytes: Uint8Array): PacketFrame[] | null {
  const frames: PacketFrame[] = [];
  let offset = 0;
  const readLength = (size: number): number | null => {
    if (offset + size > bytes.length) return null;
    let length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + (bytes[offset + i] as number);
    offset += size;
    return length;
  };
  while (offset < bytes.length) {
    const header = bytes[offset++] as number;
    if ((header & 0x80) === 0) return null;
    if (header & 0x40) {
      const tag = header & 0x3f;
      let start = -1;
      let partial = false;
      for (;;) {
        const first = readLength(1);
        if (first === null) return null;
        let length: number | null;
        if (first < 192) length = first;
        else if (first < 224) {
          const second = readLength(1);
          length = second === null ? null : ((first - 192) << 8) + second + 192;
        } else if (first === 255) length = readLength(4);
        else {
          // a partial body length: this chunk, then another length for the same packet
          if (start === -1) start = offset;
          partial = true;
          offset += 2 ** (first & 0x1f);
          if (offset > bytes.length) return null;
          continue;
        }
        if (length === null) return null;
        if (start === -1) start = offset;
        offset += length;
        break;
      }
      if (offset > bytes.length) return null;
      frames.push({ tag, start, end: offset, partial });
    } else {
      const tag = (header >> 2) & 0x0f;
      const lengthType = header & 0x03;
      const length = lengthType === 3 ? bytes.length - offset : readLength([1, 2, 4][lengthType] as number);
      if (length === null) return null;
      const start = offset;
      offset += length;
      if (offset > bytes.length) return null;
      frames.push({ tag, start, end: offset, partial: false });
    }
  }
  return frames;
}

/**
 * What each PKESK of a binary message says about its recipient, in order, or null when the framing
 * or a PKESK is malformed. Other packets are skipped.
 */
export function recipientPackets(bytes: Uint8Array): RecipientPacket[] | null {
  const frames = listPackets(bytes);
  if (!frames) return null;
  const recipients: RecipientPacket[] = [];
  for (const frame of frames) {
    if (frame.tag !== PACKET_TAG.publicKeyEncryptedSessionKey) continue;
    if (frame.partial) return null; // RFC 9580 §4.2.1.4: only data packets may be partial
    const body = bytes.subarray(frame.start, frame.end);
    const recipient = readRecipient(body);
    if (!recipient) return null;
    recipients.push(recipient);
  }
  return recipients;
}

/**
 * The recipients of an armored message, or null when it is not a well-formed armored message. A
 * convenience over {@link dearmorMessage} and {@link recipientPackets}.
 */
export function recipientsOfArmored(text: string): RecipientPacket[] | null {
  const dearmored = dearmorMessage(text);
  return dearmored.kind === "binary" ? recipientPackets(dearmored.bytes) : null;
}

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");

/** RFC 9580 §5.1.1 (v3: version, 8-byte key id, algorithm) and §5.1.2 (v6: version, length, key version, fingerprint, algorithm). */
function readRecipient(body: Uint8Array): RecipientPacket | null {
  const version = body[0];
  if (version === 3) {
    if (body.length < 10) return null;
    return { version, keyId: hex(body.subarray(1, 9)), algorithm: body[9] as number };
  }
  if (version === 6) {
    const length = body[1];
    if (length === undefined || body.length < 3 + length) return null;
    if (length === 0) return { version, keyId: null, algorithm: body[2] as number };
    const keyVersion = body[2];
    const fingerprint = body.subarray(3, 2 + length);
    // A v4 key's id is the last 8 bytes of its fingerprint; a v6 key's, the first 8 (RFC 9580 §5.5.4).
    const keyId =
      keyVersion === 4 && fingerprint.length === 20
        ? hex(fingerprint.subarray(12))
        : keyVersion === 6 && fingerprint.length === 32
          ? hex(fingerprint.subarray(0, 8))
          : null;
    if (keyId === null) return null;
    return { version, keyId, algorithm: body[2 + length] as number };
  }
  return null;
}
