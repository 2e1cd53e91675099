import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticFiles } from "../../src/server/static-files.ts";
import { rawRequest } from "../helpers/raw-http.ts";

let root = "";
let server: Server;
let base = "";

/** Serves a folder with staticFiles alone (no inbox, no compression settings of a site server). */
async function serve(folder: string): Promise<{ server: Server; url: string }> {
  const handler = staticFiles(folder);
  const started = createServer((request, response) => void handler(request, response));
  await new Promise<void>((done) => started.listen(0, "127.0.0.1", done));
  return { server: started, url: `http://127.0.0.1:${(started.address() as AddressInfo).port}` };
}

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { redirect: "manual", ...init });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "confide-static-files-"));
  for (const dir of ["es", "es/deep", "empty", "café", "keys", ".git"])
    await mkdir(join(root, dir), { recursive: true });
  const files: Record<string, string> = {
    "index.html": "<h1>home</h1>",
    "404.html": "<h1>not found</h1>",
    "es/index.html": "<h1>inicio</h1>",
    "es/404.html": "<h1>no encontrado</h1>",
    "café/index.html": "<h1>café</h1>",
    "keys/ada.asc": "-----BEGIN PGP PUBLIC KEY BLOCK-----\n",
    "data.bin": "binary",
    _headers: "/*\n  X-Frame-Options: DENY\n/keys/*\n  Access-Control-Allow-Origin: *\n",
    _redirects: "/old /new 301\n",
    "_routes.json": "{}",
    ".env": "SECRET=hunter2\n",
    ".git/config": "[core] secret\n",
  };
  for (const [path, text] of Object.entries(files)) await writeFile(join(root, path), text);
  ({ server, url: base } = await serve(root));
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  await rm(root, { recursive: true, force: true });
});

describe("staticFiles", () => {
  it("serves a folder's index.html at its path with slash, with its type, no-cache and the _headers rules", async () => {
    const answer = await get("/es/");
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("<h1>inicio</h1>");
    expect(answer.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(answer.headers.get("cache-control")).toBe("no-cache");
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("applies the rules for the file's own path, and types a key as a PGP key", async () => {
    const answer = await get("/keys/ada.asc");
    expect(answer.headers.get("content-type")).toBe("application/pgp-keys; charset=utf-8");
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(answer.headers.get("x-frame-options")).toBe("DENY");
  });

  it("types a file it does not know as bytes", async () => {
    expect((await get("/data.bin")).headers.get("content-type")).toBe("application/octet-stream");
  });

  it("redirects a folder without its slash to the path with one", async () => {
    const answer = await get("/es");
    expect(answer.status).toBe(301);
    expect(answer.headers.get("location")).toBe("/es/");
  });

  it("keeps a path's percent-encoding in the redirect and serves unicode folder names", async () => {
    const redirect = await get("/caf%C3%A9");
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("location")).toBe("/caf%C3%A9/");
    expect(await (await get("/caf%C3%A9/")).text()).toBe("<h1>café</h1>");
  });

  it("answers an unknown path with the nearest 404.html and status 404, under the same headers", async () => {
    const spanish = await get("/es/deep/nowhere/");
    expect(spanish.status).toBe(404);
    expect(await spanish.text()).toBe("<h1>no encontrado</h1>");
    expect(spanish.headers.get("x-frame-options")).toBe("DENY");
    const root404 = await get("/nowhere.html");
    expect(root404.status).toBe(404);
    expect(await root404.text()).toBe("<h1>not found</h1>");
  });

  it("answers a folder without an index.html as not found", async () => {
    const answer = await get("/empty/");
    expect(answer.status).toBe(404);
    expect(await answer.text()).toBe("<h1>not found</h1>");
  });

  it.each([
    "/_headers",
    "/_redirects",
    "/_routes.json",
    "/.env",
    "/.git/config",
  ])("never serves the host's configuration or a hidden file: %s", async (path) => {
    const answer = await get(path);
    expect(answer.status).toBe(404);
    const body = await answer.text();
    expect(body).not.toMatch(/secret|hunter2|X-Frame-Options|\/new/i);
  });

  it.each([
    "/%2e%2e/etc/passwd",
    "/../etc/passwd",
    "/es/%2F..%2F",
    "/a%00b",
    "/%",
    "/es/./index.html",
  ])("refuses a request target that is not a clean path with 400, sent as written: %s", async (path) => {
    const answer = await rawRequest(base, `GET ${path} HTTP/1.0`);
    expect(answer.status).toBe(400);
    expect(answer.body).toBe("Bad request\n");
    expect(answer.headers["x-frame-options"]).toBe("DENY");
  });

  it("answers only GET and HEAD; HEAD without a body", async () => {
    const post = await get("/", { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await get("/", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("says Not found in plain text when the site has no 404.html, and serves a site with no _headers", async () => {
    const bare = await mkdtemp(join(tmpdir(), "confide-static-bare-"));
    await writeFile(join(bare, "index.html"), "bare");
    const { server: bareServer, url } = await serve(bare);
    try {
      const missing = await fetch(`${url}/nowhere`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(await missing.text()).toBe("Not found\n");
      const home = await fetch(`${url}/`);
      expect(await home.text()).toBe("bare");
      expect(home.headers.get("x-frame-options")).toBeNull();
    } finally {
      await new Promise((done) => bareServer.close(done));
      await rm(bare, { recursive: true, force: true });
    }
  });

  it("reads _headers on every request, so a rebuild takes effect at once", async () => {
    await writeFile(join(root, "_headers"), "/*\n  X-Frame-Options: SAMEORIGIN\n");
    try {
      expect((await get("/")).headers.get("x-frame-options")).toBe("SAMEORIGIN");
    } finally {
      await writeFile(
        join(root, "_headers"),
        "/*\n  X-Frame-Options: DENY\n/keys/*\n  Access-Control-Allow-Origin: *\n",
      );
    }
  });
});
