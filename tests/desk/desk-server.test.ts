import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  MAX_REQUEST_BYTES,
  type RunningDesk,
  startDeskServer,
  TOKEN_HEADER,
} from "../../src/desk/desk-server.ts";

const TOKEN = "a-random-token-for-this-test-only-0123456789";
let desk: RunningDesk;
const calls: Array<{ method: string; path: string; body: unknown }> = [];

beforeAll(async () => {
  desk = await startDeskServer({
    token: TOKEN,
    port: 0,
    page: { html: "<!doctype html><title>desk</title>", js: "export {};", css: "body{}" },
    api: async (call) => {
      calls.push(call);
      if (call.path === "explode") throw new Error("SECRET report text in an error");
      return { status: 200, body: { kind: "ok", path: call.path } };
    },
  });
});
afterAll(() => desk.close());

/** One request with exactly these headers (Host included), as any client could send it. */
function send(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const call = request(
      {
        host: "127.0.0.1",
        port: desk.port,
        path: options.path,
        method: options.method ?? "GET",
        headers: { host: `127.0.0.1:${desk.port}`, ...options.headers },
      },
      (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        );
      },
    );
    call.on("error", reject);
    call.end(options.body);
  });
}

describe("the desk's server", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(desk.origin).toBe(`http://127.0.0.1:${desk.port}`);
  });

  it("serves the page under the site's strict policy, never cached", async () => {
    const page = await send({ path: "/" });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect((await send({ path: "/desk.js" })).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await send({ path: "/elsewhere" })).status).toBe(404);
    expect((await send({ path: "/", method: "POST" })).status).toBe(405);
  });

  it("refuses any other Host (DNS rebinding), even with the token", async () => {
    for (const host of [`attacker.example:${desk.port}`, "127.0.0.1", `127.0.0.1:${desk.port + 1}`]) {
      const answer = await send({ path: "/api/state", headers: { host, [TOKEN_HEADER]: TOKEN } });
      expect(answer.status, host).toBe(421);
    }
    expect((await send({ path: "/", headers: { host: `localhost:${desk.port}` } })).status).toBe(200);
  });

  it("answers the API only with the token, from its own origin, in JSON", async () => {
    const before = calls.length;
    expect((await send({ path: "/api/state" })).status).toBe(403);
    expect((await send({ path: "/api/state", headers: { [TOKEN_HEADER]: `${TOKEN}x` } })).status).toBe(403);
    expect(
      (
        await send({
          path: "/api/state",
          headers: { [TOKEN_HEADER]: TOKEN, origin: "http://attacker.example" },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send({
          path: "/api/import",
          method: "POST",
          headers: { [TOKEN_HEADER]: TOKEN, "content-type": "text/plain" },
          body: "{}",
        })
      ).status,
    ).toBe(415);
    expect(calls.length).toBe(before);
    const ok = await send({
      path: "/api/cases/R-0000-0001",
      method: "POST",
      headers: { [TOKEN_HEADER]: TOKEN, "content-type": "application/json", origin: desk.origin },
      body: JSON.stringify({ kind: "add-note", text: "hello" }),
    });
    expect(ok.status).toBe(200);
    expect(calls.at(-1)).toEqual({
      method: "POST",
      path: "cases/R-0000-0001",
      body: { kind: "add-note", text: "hello" },
    });
  });

  it("issue 15: desk: refuses every state-changing route from any other origin, with the token, before its handler runs", async () => {
    const before = calls.length;
    const origins = [
      "http://attacker.example",
      "null",
      // The same host by another scheme, or as a prefix of another name, is another origin.
      `https://127.0.0.1:${desk.port}`,
      `http://127.0.0.1:${desk.port}.attacker.example`,
      `http://127.0.0.1:${desk.port + 1}`,
    ];
    for (const path of ["unlock", "import", "cases/R-0000-0001", "transparency", "retention/delete"]) {
      for (const origin of origins) {
        const answer = await send({
          path: `/api/${path}`,
          method: "POST",
          headers: { [TOKEN_HEADER]: TOKEN, "content-type": "application/json", origin },
          body: "{}",
        });
        expect(answer.status, `${path} from ${origin}`).toBe(403);
      }
    }
    expect(calls.length).toBe(before);
  });

  it("issue 15: desk: grants no other origin anything: a preflight is refused and no answer carries CORS headers", async () => {
    const preflight = await send({
      path: "/api/import",
      method: "OPTIONS",
      headers: {
        origin: "http://attacker.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": `${TOKEN_HEADER}, content-type`,
      },
    });
    expect(preflight.status).toBe(403);
    const answers = [
      preflight,
      await send({ path: "/" }),
      await send({ path: "/api/state", headers: { [TOKEN_HEADER]: TOKEN } }),
      await send({ path: "/api/state", headers: { host: "attacker.example" } }),
    ];
    for (const answer of answers) {
      expect(Object.keys(answer.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);
      expect(answer.body).not.toContain(TOKEN);
    }
  });

  it("issue 15: desk: reads a large body only on the import route, and nothing but JSON on any route", async () => {
    const headers = { [TOKEN_HEADER]: TOKEN, "content-type": "application/json" };
    const twoMegabytes = JSON.stringify({ inputs: [{ name: "a", text: "x".repeat(2 * 1024 * 1024) }] });
    expect((await send({ path: "/api/import", method: "POST", headers, body: twoMegabytes })).status).toBe(
      200,
    );
    expect((await send({ path: "/api/unlock", method: "POST", headers, body: twoMegabytes })).status).toBe(
      413,
    );
    const noType = await send({
      path: "/api/unlock",
      method: "POST",
      headers: { [TOKEN_HEADER]: TOKEN },
      body: "{}",
    });
    expect(noType.status).toBe(415);
    // A form post (what another site could make a browser send without a preflight) is not JSON.
    const form = await send({
      path: "/api/unlock",
      method: "POST",
      headers: { [TOKEN_HEADER]: TOKEN, "content-type": "application/x-www-form-urlencoded" },
      body: "passphrase=x",
    });
    expect(form.status).toBe(415);
    // Bytes that are not UTF-8 inside a JSON string arrive as U+FFFD, not as an error.
    const invalid = await new Promise<number>((resolve, reject) => {
      const call = request(
        {
          host: "127.0.0.1",
          port: desk.port,
          path: "/api/unlock",
          method: "POST",
          headers: { host: `127.0.0.1:${desk.port}`, ...headers },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      call.on("error", reject);
      call.end(Buffer.from([0x22, 0xff, 0xfe, 0x22]));
    });
    expect(invalid).toBe(200);
    expect(calls.at(-1)).toEqual({ method: "POST", path: "unlock", body: "\uFFFD\uFFFD" });
  });

  it("issue 15: desk: never lets an API answer (decrypted reports) into the browser's cache, nor be read as anything but JSON", async () => {
    for (const path of ["/api/state", "/api/cases/R-0000-0001", "/api/nothing"]) {
      const answer = await send({ path, headers: { [TOKEN_HEADER]: TOKEN } });
      expect(answer.headers["cache-control"], path).toBe("no-store");
      expect(answer.headers["content-type"], path).toBe("application/json; charset=utf-8");
      expect(answer.headers["x-content-type-options"], path).toBe("nosniff");
      expect(answer.headers["referrer-policy"], path).toBe("no-referrer");
    }
  });

  it("refuses a body over its limit without reading it all, and bad JSON", async () => {
    const headers = { [TOKEN_HEADER]: TOKEN, "content-type": "application/json" };
    const large = await send({
      path: "/api/unlock",
      method: "POST",
      headers,
      body: `"${"x".repeat(MAX_REQUEST_BYTES)}"`,
    });
    expect(large.status).toBe(413);
    expect((await send({ path: "/api/unlock", method: "POST", headers, body: "{" })).status).toBe(400);
  });

  it("answers an error without its details and logs nothing", async () => {
    const logged = [vi.spyOn(console, "error"), vi.spyOn(console, "log"), vi.spyOn(console, "warn")];
    try {
      const answer = await send({ path: "/api/explode", headers: { [TOKEN_HEADER]: TOKEN } });
      expect(answer.status).toBe(500);
      expect(answer.body).toBe('{"error":"internal"}');
      for (const spy of logged) expect(spy).not.toHaveBeenCalled();
    } finally {
      // Test files share a process (vitest.config.ts): never leave console spied on for the next file.
      for (const spy of logged) spy.mockRestore();
    }
  });
});
