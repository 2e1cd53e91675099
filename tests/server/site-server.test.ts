import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startSiteServer } from "../../src/server/site-server.ts";
import { rawRequest } from "../helpers/raw-http.ts";

let root: string;
let server: RunningServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "confide-site-server-"));
  await mkdir(join(root, "es"), { recursive: true });
  await mkdir(join(root, ".well-known"), { recursive: true });
  await writeFile(join(root, "index.html"), "<h1>home</h1>");
  await writeFile(join(root, "404.html"), "<h1>not found</h1>");
  await writeFile(join(root, "es/index.html"), "<h1>inicio</h1>");
  await writeFile(join(root, "_headers"), "/*\n  X-Frame-Options: DENY\n");
  await writeFile(join(root, ".env"), "SECRET=1\n");
  await writeFile(join(root, ".well-known/confide.json"), "{}\n");
  server = await startSiteServer({
    root,
    inboxDir: join(root, "..", "inbox-unused"),
    port: 0,
    host: "127.0.0.1",
  });
});

afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe("startSiteServer", () => {
  it.each([
    "GET http://[ HTTP/1.1",
    "GET * HTTP/1.1",
    "GET /% HTTP/1.1",
    "GET /%2Fevil.example%2F..%2Fes HTTP/1.1",
    "GET //evil.example/es HTTP/1.1",
    "GET /%2F_headers HTTP/1.1",
    "GET /_headers HTTP/1.1",
    "GET /%5Fheaders HTTP/1.1",
    "GET /.env HTTP/1.1",
    "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1",
    "GET /es%5C..%5C..%5Cindex.html HTTP/1.1",
  ])("issue 10: answers %s with a 4xx that serves nothing, and keeps serving", async (line) => {
    const answer = await rawRequest(server.url, line);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.body).not.toContain("X-Frame-Options");
    expect(answer.body).not.toContain("SECRET");
    expect(answer.body).not.toContain("inicio");
    const home = await rawRequest(server.url, "GET / HTTP/1.1");
    expect(home.status).toBe(200);
    expect(home.body).toContain("home");
  });

  it("still redirects a folder without its slash to the same path with one, and serves /.well-known/", async () => {
    const folder = await rawRequest(server.url, "GET /es HTTP/1.1");
    expect(folder.status).toBe(301);
    expect(folder.headers.location).toBe("/es/");
    const wellKnown = await rawRequest(server.url, "GET /.well-known/confide.json HTTP/1.1");
    expect(wellKnown.status).toBe(200);
  });
});
