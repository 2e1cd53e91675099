/** Crockford's base32 alphabet: no I, L, O or U, so a reference read aloud over the phone is unambiguous. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** What a report reference looks like: `R-7K2M-9QXD` (40 random bits). */
export const REFERENCE_PATTERN = /^R-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/**
 * A new random report reference. It identifies one report across retries and in the responders'
 * inbox, and says nothing about the reporter.
 *
 * @param random - fills a byte array with random values (default: the Web Crypto API, in browsers and Node)
 */
export function newReportReference(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(5));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let chars = "";
  for (let i = 0; i < 8; i++) {
    chars = ALPHABET[Number(bits & 31n)] + chars;
    bits >>= 5n;
  }
  return `R-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
