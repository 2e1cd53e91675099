import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  encryptSessionKey,
  enums,
  Message,
  PacketList,
  type PublicKey,
  SymEncryptedIntegrityProtectedDataPacket,
} from "openpgp";
import { PROJECT_ROOT } from "./content-folder.ts";

/**
 * Issue 10's hostile message, as the issue made it (tests/fixtures/hostile/make-hostile.sh): 256 MiB of
 * zeros, bzip2-compressed inside the encryption to the demo responder Ada, 789 bytes armored.
 */
export const BZIP2_BOMB = readFileSync(
  join(PROJECT_ROOT, "tests/fixtures/hostile/bzip2-zeros-256mib.asc"),
  "utf8",
);

/**
 * Hand-made OpenPGP messages for the decryptor's fuzz: any bytes as the encrypted content, so the
 * packets inside (compressed, truncated, nested, oversized) are whatever a hostile sender chooses.
 */

/** A packet with a new-format header (RFC 9580 §4.2.1). */
export function packet(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  const header =
    n < 192
      ? [0xc0 | tag, n]
      : n < 8384
        ? [0xc0 | tag, ((n - 192) >> 8) + 192, (n - 192) & 0xff]
        : [0xc0 | tag, 0xff, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(header.length + n);
  out.set(header);
  out.set(body, header.length);
  return out;
}

/** A binary literal data packet holding `data`. */
export function literal(data: Uint8Array): Uint8Array {
  const body = new Uint8Array(6 + data.length);
  body[0] = 0x62; // 'b': binary
  body.set(data, 6);
  return packet(11, body);
}

/** The compression algorithms of RFC 9580 §9.4. */
export const COMPRESSION = { zip: 1, zlib: 2, bzip2: 3 } as const;

/** A compressed data packet: the algorithm's octet, then the compressed bytes as given. */
export function compressed(algorithm: number, data: Uint8Array): Uint8Array {
  const body = new Uint8Array(1 + data.length);
  body[0] = algorithm;
  body.set(data, 1);
  return packet(8, body);
}

/**
 * `bytes` encrypted as the content of a message to `key` (hidden recipient), as a sender controlling
 * every byte inside the encryption could make it: a session key packet and an integrity-protected
 * data packet (SEIPD v1) around `bytes`.
 */
export async function sealBytes(bytes: Uint8Array, key: PublicKey): Promise<string> {
  const sessionKey = generateSessionKeyBytes();
  const keyPackets = await encryptSessionKey({
    data: sessionKey,
    algorithm: "aes256",
    encryptionKeys: key,
    wildcard: true,
    format: "object",
  });
  const data = new SymEncryptedIntegrityProtectedDataPacket();
  // openpgp's typings hide these: version 1 is SEIPD v1, and encrypt() writes `packets` as the
  // plaintext, so any bytes stand in for a packet list.
  Object.assign(data, { version: 1, packets: { write: () => bytes } });
  await (data as unknown as { encrypt(algorithm: number, key: Uint8Array): Promise<void> }).encrypt(
    enums.symmetric.aes256,
    sessionKey,
  );
  const list = new PacketList();
  for (const sessionKeyPacket of keyPackets.packets) list.push(sessionKeyPacket);
  list.push(data);
  const armored: unknown = new Message(list).armor();
  return typeof armored === "string" ? armored : readAll(armored as ReadableStream<string>);
}

function generateSessionKeyBytes(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = "";
  for await (const chunk of stream as unknown as AsyncIterable<string>) text += chunk;
  return text;
}
