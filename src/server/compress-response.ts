import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { constants, createBrotliCompress, createGzip } from "node:zlib";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/**
 * Compresses the site server's responses as static hosts do (Cloudflare Pages, Netlify): Brotli or
 * gzip, chosen from the request's Accept-Encoding, for text types only and only when the file is big
 * enough to gain from it. So what `npm start` sends weighs what a visitor of the real site downloads.
 */

/** The content encodings this server speaks. */
export type ContentEncoding = "br" | "gzip";

/**
 * Media types that are compressed: those of the site's files that Cloudflare compresses
 * (https://developers.cloudflare.com/speed/optimization/content/compression/). Keys
 * (application/pgp-keys) are not on Cloudflare's list, so they are not compressed here either, and
 * images other than icons are compressed already.
 */
const COMPRESSIBLE_TYPES: ReadonlySet<string> = new Set([
  "text/html",
  "text/css",
  "text/javascript",
  "text/plain",
  "application/json",
  "image/svg+xml",
  "image/x-icon",
]);

/**
 * Files smaller than this are sent as they are: they fit in one packet either way, and compressing
 * them costs more time than it saves (1 KB is the threshold Traefik and many CDNs use).
 */
export const MIN_COMPRESSED_BYTES = 1024;

/** Statuses whose bodies are compressed: success, and the not-found page (Cloudflare also does 403). */
const COMPRESSED_STATUSES: ReadonlySet<number> = new Set([200, 403, 404]);

/**
 * The encoding a client prefers among those it accepts, from its Accept-Encoding header (RFC 9110
 * §12.5.3): Brotli over gzip at equal weight (it is smaller), a coding with `q=0` refused, `*` standing
 * for any coding not named. No header, or nothing acceptable: null (send the bytes as they are).
 *
 * @param acceptEncoding - the request's Accept-Encoding header, if any
 */
export function chooseEncoding(acceptEncoding: string | undefined): ContentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    if (!name) continue;
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0);
  }
  const weightOf = (coding: ContentEncoding) => weights.get(coding) ?? weights.get("*") ?? 0;
  const best = (["br", "gzip"] as const).reduce((a, b) => (weightOf(b) > weightOf(a) ? b : a));
  return weightOf(best) > 0 ? best : null;
}

/**
 * Whether and how to compress one response.
 *
 * @param response.contentType - the response's Content-Type (parameters such as charset are ignored)
 * @param response.size - the body's size in bytes
 * @param response.status - the response's status
 * @param response.acceptEncoding - the request's Accept-Encoding header, if any
 * @returns the encoding (null: as it is), and whether the response varies with Accept-Encoding
 * @throws TypeError on unknown options
 */
export function compressionFor(response: {
  contentType: string;
  size: number;
  status: number;
  acceptEncoding: string | undefined;
}): { encoding: ContentEncoding | null; vary: boolean } {
  const { contentType, size, status, acceptEncoding, ...rest } = response;
  rejectUnknownOptions("compressionFor", rest);
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const compressible =
    COMPRESSIBLE_TYPES.has(mediaType) && COMPRESSED_STATUSES.has(status) && size >= MIN_COMPRESSED_BYTES;
  // Only a response that could have been compressed differs by Accept-Encoding: caches must know.
  if (!compressible) return { encoding: null, vary: false };
  return { encoding: chooseEncoding(acceptEncoding), vary: true };
}

/** A compressing stream: Brotli at quality 5 and gzip at 6, the on-the-fly levels hosts favour. */
function compressor(encoding: ContentEncoding, size: number) {
  return encoding === "br"
    ? createBrotliCompress({
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: size,
        },
      })
    : createGzip({ level: 6 });
}

/**
 * Sends a file with the given status and headers, compressed when {@link compressionFor} says so
 * (then without Content-Length: the body is streamed as it is compressed, as hosts do). A HEAD request
 * gets the same headers and no body.
 *
 * @param options.request - the request (its method and Accept-Encoding)
 * @param options.response - the response to write
 * @param options.status - the status to send
 * @param options.headers - the other headers, lower-case names; a Vary already there is extended
 * @param options.path - the file to send
 * @throws TypeError on unknown options
 */
export async function sendFile(options: {
  request: IncomingMessage;
  response: ServerResponse;
  status: number;
  headers: Readonly<Record<string, string>>;
  path: string;
}): Promise<void> {
  const { request, response, status, path, headers: given, ...rest } = options;
  rejectUnknownOptions("sendFile", rest);
  const { size } = await stat(path);
  const { encoding, vary } = compressionFor({
    contentType: given["content-type"] ?? "",
    size,
    status,
    acceptEncoding: request.headers["accept-encoding"],
  });
  const headers: Record<string, string> = { ...given };
  if (vary) headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : "Accept-Encoding";
  if (encoding) headers["content-encoding"] = encoding;
  else headers["content-length"] = String(size);
  response.writeHead(status, headers);
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  const streams = encoding
    ? pipeline(createReadStream(path), compressor(encoding, size), response)
    : pipeline(createReadStream(path), response);
  // A client that hangs up mid-file is not an error of the server's; pipeline has closed the streams.
  await streams.catch(() => undefined);
}
