/**
 * Padding, so that the ciphertext's length does not reveal the report's length: a one-line report and a
 * long one encrypt to the same size. See "Padding" in docs/report-format.md. Pure and platform-neutral.
 */

/** Up to {@link LARGE_BUCKET} bytes, plaintexts are padded to a multiple of this many bytes. */
export const SMALL_BUCKET = 4096;

/** Above this many bytes, plaintexts are padded to a multiple of it. */
export const LARGE_BUCKET = 65536;

/** Padding lines are this many spaces long, so a terminal shows blank lines rather than one huge one. */
const PADDING_LINE = 76;

/**
 * The size, in bytes, a plaintext of `byteLength` bytes is padded to: the next multiple of 4096 up to
 * 65536, then the next multiple of 65536. A length already on a bucket stays as it is.
 *
 * @param byteLength - the plaintext's length in bytes (UTF-8), a whole number from 0
 */
export function paddedLength(byteLength: number): number {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`paddedLength: expected a whole number of bytes from 0, not ${byteLength}`);
  }
  const bucket = byteLength <= LARGE_BUCKET ? SMALL_BUCKET : LARGE_BUCKET;
  return Math.max(SMALL_BUCKET, Math.ceil(byteLength / bucket) * bucket);
}

/**
 * Appends padding after the report's end marker so that its UTF-8 length is exactly
 * {@link paddedLength} of its own: a newline, lines of spaces (76 to a line), a newline. `gpg --decrypt`
 * shows the padding as blank lines; parseReport ignores it. Encrypt the result's UTF-8 bytes
 * (TextEncoder) as binary literal data: a text message would turn each LF into CRLF, adding a byte per
 * line, and the ciphertext's length would reveal the report's line count.
 *
 * @param plaintext - the report as composeReport writes it
 */
export function padReport(plaintext: string): string {
  if (typeof plaintext !== "string") throw new TypeError("padReport: expected the report's plaintext");
  const length = new TextEncoder().encode(plaintext).length;
  const missing = paddedLength(length) - length;
  if (missing === 0) return plaintext;
  if (missing === 1) return `${plaintext}\n`;
  // A newline, lines of spaces cut to length, and a final newline so a shell prompt starts on its own
  // line. Every character is one byte in UTF-8, so the length is exact.
  const line = `${" ".repeat(PADDING_LINE)}\n`;
  const spaces = line.repeat(Math.ceil((missing - 2) / line.length)).slice(0, missing - 2);
  return `${plaintext}\n${spaces}\n`;
}
