import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseEncoding, compressionFor, MIN_COMPRESSED_BYTES } from "../../src/server/compress-response.ts";
import { type RunningServer, startSiteServer } from "../../src/server/site-server.ts";

describe("chooseEncoding", () => {
  it.each([
    ["gzip, deflate, br, zstd", "br"],
    ["gzip, deflate", "gzip"],
    ["br;q=0.5, gzip", "gzip"],
    ["br;q=0, gzip;q=0", null],
    ["BR", "br"],
    ["*", "br"],
    ["*;q=0.1, br;q=0", "gzip"],
    ["identity", null],
    ["deflate", null],
    ["", null],
    [undefined, null],
    ["br;q=abc, gzip", "gzip"],
  ])("for Accept-Encoding %j picks %j", (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});

describe("compressionFor", () => {
  it("rejects an unknown option", () => {
    const options = { contentType: "text/html", size: 1, status: 200, acceptEncoding: "br", level: 9 };
    expect(() => compressionFor(options as never)).toThrow("compressionFor: unknown option level");
  });

  const big = MIN_COMPRESSED_BYTES;
  it("compresses text types of at least the minimum size and says the response varies", () => {
    for (const contentType of ["text/html; charset=utf-8", "text/javascript; charset=utf-8", "image/svg+xml"])
      expect(compressionFor({ contentType, size: big, status: 200, acceptEncoding: "gzip" })).toEqual({
        encoding: "gzip",
        vary: true,
      });
  });

  it("sends small files, images, keys and redirects as they are, with no Vary", () => {
    const none = { encoding: null, vary: false };
    const accept = "br, gzip";
    expect(
      compressionFor({ contentType: "text/html", size: big - 1, status: 200, acceptEncoding: accept }),
    ).toEqual(none);
    expect(
      compressionFor({ contentType: "image/png", size: big * 100, status: 200, acceptEncoding: accept }),
    ).toEqual(none);
    expect(
      compressionFor({
        contentType: "application/pgp-keys; charset=utf-8",
        size: big * 4,
        status: 200,
        acceptEncoding: accept,
      }),
    ).toEqual(none);
    expect(
      compressionFor({ contentType: "text/html", size: big, status: 301, acceptEncoding: accept }),
    ).toEqual(none);
  });

  it("varies, uncompressed, for a client that accepts no compression", () => {
    expect(
      compressionFor({ contentType: "text/css", size: big, status: 200, acceptEncoding: undefined }),
    ).toEqual({
      encoding: null,
      vary: true,
    });
  });
});

describe("the site server's compression", () => {
  let root: string;
  let server: RunningServer;
  const page = `<!doctype html><title>Compressed</title>${"<p>A paragraph of the page.</p>\n".repeat(200)}`;
  const small = "<!doctype html><title>Small</title>";
  const key = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${"QUJD".repeat(600)}\n-----END PGP PUBLIC KEY BLOCK-----\n`;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "confide-compress-"));
    await mkdir(join(root, "keys"));
    await writeFile(join(root, "index.html"), page);
    await writeFile(join(root, "small.html"), small);
    await writeFile(join(root, "404.html"), page);
    await writeFile(join(root, "keys/ada.asc"), key);
    server = await startSiteServer({ root, inboxDir: join(root, ".inbox"), port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  /** A raw request: Node's http client does not decompress, so the encoded bytes are seen as sent. */
  const get = (path: string, acceptEncoding?: string, method = "GET") =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const request = httpRequest(`${server.url}${path}`, {
        method,
        headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding },
      });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      });
      request.on("error", reject);
      request.end();
    });

  it("sends Brotli to a browser that accepts it, and the bytes decompress to the file", async () => {
    const response = await get("/", "gzip, deflate, br");
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers.vary).toBe("Accept-Encoding");
    expect(response.body.length).toBeLessThan(page.length / 10);
    expect(brotliDecompressSync(response.body).toString()).toBe(page);
  });

  it("sends gzip to a client that accepts only gzip", async () => {
    const response = await get("/", "gzip");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.body).toString()).toBe(page);
  });

  it("sends the file as it is, with its length, to a client that asks for no compression", async () => {
    const response = await get("/");
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary).toBe("Accept-Encoding");
    expect(response.headers["content-length"]).toBe(String(Buffer.byteLength(page)));
    expect(response.body.toString()).toBe(page);
  });

  it("compresses the not-found page too, with its 404 status", async () => {
    const response = await get("/nowhere/", "br");
    expect(response.status).toBe(404);
    expect(brotliDecompressSync(response.body).toString()).toBe(page);
  });

  it("leaves small files and keys uncompressed", async () => {
    for (const path of ["/small.html", "/keys/ada.asc"]) {
      const response = await get(path, "br, gzip");
      expect(response.headers["content-encoding"], path).toBeUndefined();
      expect(response.headers.vary, path).toBeUndefined();
    }
    expect((await get("/keys/ada.asc", "br")).body.toString()).toBe(key);
  });

  it("answers HEAD with the headers GET would send and no body", async () => {
    const response = await get("/", "br", "HEAD");
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.body.length).toBe(0);
  });
});
