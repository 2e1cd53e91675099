/**
 * Reads a web stream to its end, or stops as soon as it passes a byte limit: what a server does with a
 * stranger's request body and what decryption does with a stranger's plaintext. Web streams only, so
 * the Workers bundle (the functions/ hook) and Node share it.
 */

/** What {@link readBounded} read. */
export type BoundedRead = { kind: "read"; bytes: Uint8Array } | { kind: "too-large" };

/**
 * Reads `stream` chunk by chunk. Past `limit` bytes it cancels the stream (the rest is never read) and
 * answers `too-large`; at most `limit` bytes plus one chunk are ever held. A failing stream rejects.
 *
 * @param stream - the stream, untrusted
 * @param limit - the most bytes accepted
 */
export async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<BoundedRead> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return { kind: "too-large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "read", bytes };
}
