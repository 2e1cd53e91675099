import type { Key } from "openpgp";

/**
 * Armors several public keys into ONE "PGP PUBLIC KEY BLOCK", the way `gpg --armor --export` does
 * for a keyring. Concatenated armor blocks would not do: openpgp.js and some mail clients read only
 * the first block of a file. openpgp.js's `armor()` is not in its type declarations, so this small
 * RFC 4880 writer keeps the build type-checked.
 *
 * @param keys - public keys (private ones are refused: this output is published)
 * @returns the armored block, ending with a newline
 */
export function armorPublicKeys(keys: readonly Key[]): string {
  if (keys.some((key) => key.isPrivate())) throw new Error("armorPublicKeys only publishes public keys");
  return armorKeyBytes(keys.map((key) => key.toPublic().write()));
}

const BEGIN_PUBLIC = "-----BEGIN PGP PUBLIC KEY BLOCK-----";

/**
 * {@link armorPublicKeys} for keys that are armored already (a roster's `armoredPublicKey`, written
 * from the public packets alone): the same block, from their bytes, without parsing the keys again
 * (issue 11: re-reading fifty keys with openpgp.js cost a 50-responder build a tenth of its time).
 *
 * @param armoredKeys - armored public key blocks, each as openpgp.js writes one
 * @returns the armored block, ending with a newline
 * @throws Error for a block that is not a public key block, or whose checksum does not match
 */
export function armorPublicKeyBlocks(armoredKeys: readonly string[]): string {
  return armorKeyBytes(armoredKeys.map(dearmorPublicKeyBlock));
}

/** The bytes of one armored public key block (RFC 4880 section 6.2), its checksum checked. */
function dearmorPublicKeyBlock(armored: string): Uint8Array {
  const lines = armored.trim().split(/\r?\n/);
  if (lines[0] !== BEGIN_PUBLIC || lines.at(-1) !== "-----END PGP PUBLIC KEY BLOCK-----")
    throw new Error("armorPublicKeyBlocks only publishes public key blocks");
  const blank = lines.indexOf("");
  const body = lines.slice(blank + 1, -1);
  const checksum = body.at(-1)?.startsWith("=") ? body.pop()?.slice(1) : undefined;
  const bytes = new Uint8Array(Buffer.from(body.join(""), "base64"));
  if (blank === -1 || (checksum !== undefined && checksum !== Buffer.from(crc24(bytes)).toString("base64")))
    throw new Error("armorPublicKeyBlocks: a key block is damaged (its checksum does not match)");
  return bytes;
}

/** One armored public key block holding the packets of several keys, in order. */
function armorKeyBytes(parts: readonly Uint8Array[]): string {
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  const body =
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,64}/g) ?? [];
  const checksum = Buffer.from(crc24(bytes)).toString("base64");
  return [BEGIN_PUBLIC, "", ...body, `=${checksum}`, "-----END PGP PUBLIC KEY BLOCK-----", ""].join("\n");
}

/** The armor checksum of RFC 4880 section 6.1, as three bytes. */
function crc24(bytes: Uint8Array): Uint8Array {
  let crc = 0xb704ce;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return new Uint8Array([(crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]);
}
