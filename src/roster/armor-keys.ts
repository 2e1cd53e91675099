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
  const parts = keys.map((key) => key.toPublic().write());
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
  return [
    "-----BEGIN PGP PUBLIC KEY BLOCK-----",
    "",
    ...body,
    `=${checksum}`,
    "-----END PGP PUBLIC KEY BLOCK-----",
    "",
  ].join("\n");
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
