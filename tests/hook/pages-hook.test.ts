import * as openpgp from "openpgp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { KeyValueStore } from "../../src/hook/key-value-store.ts";
import {
  createPagesHook,
  DEFAULT_MAX_BODY_BYTES,
  type HookEnv,
  type PagesHook,
} from "../../src/hook/pages-hook.ts";
import { newReportReference } from "../../src/report/report-reference.ts";
import { urls } from "../../src/site/urls.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";
import { REPORTER_HEADERS, type Recorder, startRecorder } from "../helpers/recorder.ts";

const SITE = "https://conduct.tidewater.example";
const FORM_PATH = "/f/xdemoform";
const FORMSPREE_FORM_ID = "realform";
const FORWARDED_PATH = `/f/${FORMSPREE_FORM_ID}`;
/** What the reporter's browser and Cloudflare send along: none of it may reach Formspree. */
const REPORTER = {
  ip: "203.0.113.77",
  forwardedFor: "203.0.113.77, 198.51.100.9",
  userAgent: "Mozilla/5.0 (X11; Linux x86_64) ReporterBrowser/1.0",
  cookie: "reporter-session=c00k1e",
  session: "eyJsb2FkZWRBdCI6MTcwMDAwMDAwMDAwMCwid2ViZHJpdmVyIjpmYWxzZX0=",
  referer: `${SITE}/report/`,
};
const SECRET = "The secret words of the report";

let recorder: Recorder;
let ciphertext: string;
let namedToRoster: string;
/** The same report, edited after it was sent: another ciphertext for the same recipient. */
let edited: string;
/** A report to four hidden recipients: one more than the published roster's three receivers. */
let toFourRecipients: string;
let namedToStranger: string;
let plaintext: string;
let signedOnly: string;
let rosterKeyId: string;
let hook: PagesHook;
let logs: string[];
let pending: Promise<unknown>[];

beforeAll(async () => {
  recorder = await startRecorder();
  const roster = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-ed25519")).armored });
  const stranger = await openpgp.readKey({ armoredKey: (await fixtureKey("openpgpjs-rsa4096")).armored });
  rosterKeyId = (await roster.getEncryptionKey(undefined, NOW)).getKeyID().toHex();
  const message = await openpgp.createMessage({ text: SECRET, date: NOW });
  const encrypt = (key: openpgp.PublicKey, wildcard: boolean) =>
    openpgp.encrypt({ message, encryptionKeys: key, wildcard, date: NOW });
  ciphertext = await encrypt(roster, true);
  edited = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: `${SECRET}, and one more detail`, date: NOW }),
    encryptionKeys: roster,
    wildcard: true,
    date: NOW,
  });
  toFourRecipients = await openpgp.encrypt({
    message,
    encryptionKeys: [roster, roster, roster, roster],
    wildcard: true,
    date: NOW,
  });
  namedToRoster = await encrypt(roster, false);
  namedToStranger = await encrypt(stranger, false);
  plaintext = message.armor();
  const { privateKey } = await openpgp.generateKey({
    userIDs: [{ name: "Someone", email: "someone@fixtures.example" }],
    date: NOW,
    format: "object",
  });
  signedOnly = await openpgp.sign({ message, signingKeys: privateKey, date: NOW });
});

afterAll(async () => {
  await recorder?.close();
});

beforeEach(() => {
  recorder.reset();
  logs = [];
  pending = [];
  hook = createPagesHook({ log: (message) => logs.push(message) });
});

afterEach(() => {
  // Whatever happened in the test, nothing from a request reached the logs.
  const written = logs.join("\n");
  for (const leak of [
    SECRET,
    "BEGIN PGP",
    REPORTER.ip,
    REPORTER.userAgent,
    REPORTER.cookie,
    REPORTER.session,
  ])
    expect(written).not.toContain(leak);
});

/** The static files as Pages' ASSETS binding serves them: the published key ids, or nothing. */
function assets(ids: string[] | null, receivers = 3): NonNullable<HookEnv["ASSETS"]> {
  return {
    async fetch(input) {
      const path = new URL(typeof input === "string" ? input : input.url).pathname;
      if (ids && path === urls.receivingKeyIds)
        return new Response(JSON.stringify({ version: 1, receivingKeyIds: ids, receivers }), {
          headers: { "content-type": "application/json" },
        });
      return new Response("Not found", { status: 404 });
    },
  };
}

function env(overrides: Partial<HookEnv> = {}): HookEnv {
  return {
    FORMSPREE_ENDPOINT: recorder.url,
    FORMSPREE_FORM_ID,
    ASSETS: assets([rosterKeyId]),
    ...overrides,
  };
}

/** A KV namespace in memory, as a stand-in for the binding; it keeps every key it was given. */
class MemoryKv implements KeyValueStore {
  readonly values = new Map<string, { value: string; ttl: number | undefined }>();
  async get(key: string) {
    return this.values.get(key)?.value ?? null;
  }
  async put(key: string, value: string, options?: { expirationTtl?: number }) {
    this.values.set(key, { value, ttl: options?.expirationTtl });
  }
}

function submission(overrides: Record<string, unknown> = {}) {
  return { ciphertext, reference: newReportReference(), version: "1", _gotcha: "", ...overrides };
}

/** A request as the report form sends it through Cloudflare, with everything that identifies the reporter. */
function formRequest(
  body: unknown,
  options: { path?: string; method?: string; headers?: Record<string, string>; raw?: BodyInit } = {},
): Request {
  return new Request(`${SITE}${options.path ?? FORM_PATH}`, {
    method: options.method ?? "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      origin: SITE,
      referer: REPORTER.referer,
      "user-agent": REPORTER.userAgent,
      cookie: REPORTER.cookie,
      "formspree-client": "@formspree/react@3.0.0 @formspree/core@4.0.0",
      "formspree-session-data": REPORTER.session,
      "cf-connecting-ip": REPORTER.ip,
      "x-forwarded-for": REPORTER.forwardedFor,
      "x-real-ip": REPORTER.ip,
      ...options.headers,
    },
    ...(options.method === "GET" || options.method === "HEAD"
      ? {}
      : { body: options.raw ?? JSON.stringify(body) }),
  });
}

/** A post to the form whose body is streamed (no Content-Length), as a client may send it. */
function streamedRequest(body: ReadableStream<Uint8Array>): Request {
  return new Request(`${SITE}${FORM_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: SITE },
    body,
    duplex: "half",
  } as RequestInit);
}

/** Hands a request to the hook as Pages would, then waits for the work it left running (the notice). */
async function send(request: Request, environment: HookEnv = env(), target: PagesHook = hook) {
  const response = await target.handle(request, environment, {
    waitUntil: (promise) => pending.push(promise),
  });
  await Promise.all(pending);
  return response;
}

/** Asserts a Formspree-shaped refusal with the status and first code, and that nothing was forwarded. */
async function expectRefusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("access-control-allow-origin")).toBe(SITE);
  const json = (await response.json()) as { errors: Array<{ code: string; message: string }> };
  expect(Object.keys(json)).toEqual(["errors"]);
  expect(json.errors[0]).toMatchObject({ code, message: expect.stringMatching(/\S/) });
  expect(recorder.requests).toEqual([]);
  return json;
}

/** Asserts a success, and what the hook says became of the report (a retry forwards nothing new). */
async function expectSuccess(response: Response, delivery: "new" | "edit" | "retry" = "new", revision = 1) {
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    ok: true,
    next: "/report/",
    reference: expect.stringMatching(/^R-/),
    delivery,
    revision,
  });
}

describe("the Pages hook", () => {
  it("forwards an encrypted report to Formspree with only its three fields, and none of the reporter's headers", async () => {
    const sent = submission();
    await expectSuccess(await send(formRequest(sent)));

    expect(recorder.requests).toHaveLength(1);
    const [forwarded] = recorder.requests as [(typeof recorder.requests)[number]];
    expect(forwarded.method).toBe("POST");
    expect(forwarded.path).toBe(FORWARDED_PATH);
    expect(JSON.parse(forwarded.body)).toEqual({
      ciphertext: sent.ciphertext,
      reference: sent.reference,
      version: "1",
    });
    expect(forwarded.headers["content-type"]).toBe("application/json");
    expect(forwarded.headers.accept).toBe("application/json");
    for (const name of REPORTER_HEADERS) expect(forwarded.headers[name]).toBeUndefined();
    // issue 16: the site's origin, and nothing more, as Formspree's "Restrict to domain" needs.
    expect(forwarded.headers.referer).toBe(`${SITE}/`);
    expect(forwarded.headers["user-agent"]).toBe("Confide form hook");
    const headerText = JSON.stringify(forwarded.headers);
    for (const value of Object.values(REPORTER)) expect(headerText).not.toContain(value);
  });

  it("answers a CORS preflight with 204, other methods with 405, and other paths with 404", async () => {
    const preflight = await send(
      formRequest(null, {
        method: "OPTIONS",
        raw: "",
        headers: {
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Formspree-Session-Data");

    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const response = await send(formRequest(submission(), { method }));
      expect(response.headers.get("allow")).toBe("POST, OPTIONS");
      await expectRefusal(response, 405, "METHOD_NOT_ALLOWED");
    }
    await expectRefusal(await send(formRequest(submission(), { path: "/f/a/b" })), 404, "FORM_NOT_FOUND");
    await expectRefusal(await send(formRequest(submission(), { path: "/report/" })), 404, "NOT_FOUND");
  });

  it("delivers a retried reference once, whether the copies arrive one after another or together", async () => {
    const sent = submission();
    await expectSuccess(await send(formRequest(sent)));
    await expectSuccess(await send(formRequest(sent)), "retry");
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(1);

    const together = submission();
    const responses = await Promise.all(Array.from({ length: 8 }, () => send(formRequest(together))));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(2);
    expect(recorder.requests.map((request) => JSON.parse(request.body).reference)).toEqual([
      sent.reference,
      together.reference,
    ]);
  });

  it("delivers a reference once across isolates when a KV namespace is bound, and keeps no address in it", async () => {
    const kv = new MemoryKv();
    const sent = submission();
    await expectSuccess(await send(formRequest(sent), env({ CONFIDE_KV: kv })));
    // Another isolate: its memory is empty, only KV knows the reference.
    const other = createPagesHook({ log: (message) => logs.push(message) });
    await expectSuccess(await send(formRequest(sent), env({ CONFIDE_KV: kv }), other), "retry");
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(1);

    expect(kv.values.get(`delivered:xdemoform:${sent.reference}`)?.ttl).toBeGreaterThanOrEqual(60);
    const rateKeys = [...kv.values.keys()].filter((key) => key.startsWith("rate:"));
    expect(rateKeys).toHaveLength(1);
    expect(kv.values.get(rateKeys[0] as string)).toMatchObject({ value: "2" });
    for (const [key, { value, ttl }] of kv.values) {
      expect(`${key} ${value}`).not.toContain(REPORTER.ip);
      expect(ttl).toBeGreaterThanOrEqual(60);
    }
  });

  it("delivers when the KV namespace fails, rather than lose the report", async () => {
    const broken: KeyValueStore = {
      get: () => Promise.reject(new Error("KV is down")),
      put: () => Promise.reject(new Error("KV is down")),
    };
    await expectSuccess(await send(formRequest(submission()), env({ CONFIDE_KV: broken })));
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(1);
    expect(logs.some((line) => line.includes("KV namespace"))).toBe(true);
  });

  it("issue 10: delivers an edit sent under the same reference after a lost answer as a new version, and says so", async () => {
    const kv = new MemoryKv();
    const first = submission();
    await expectSuccess(await send(formRequest(first), env({ CONFIDE_KV: kv })));
    // The answer was lost; the reporter edited the report and sent it under the same reference.
    const edit = { ...first, ciphertext: edited };
    await expectSuccess(await send(formRequest(edit), env({ CONFIDE_KV: kv })), "edit", 2);
    expect(recorder.to(FORWARDED_PATH).map((request) => JSON.parse(request.body).ciphertext)).toEqual([
      ciphertext,
      edited,
    ]);
    // Retries of either version deliver nothing new, in this isolate and in another one (through KV).
    await expectSuccess(await send(formRequest(edit), env({ CONFIDE_KV: kv })), "retry", 2);
    const other = createPagesHook({ log: (message) => logs.push(message) });
    await expectSuccess(await send(formRequest(first), env({ CONFIDE_KV: kv }), other), "retry", 1);
    await expectSuccess(await send(formRequest(edit), env({ CONFIDE_KV: kv }), other), "retry", 2);
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(2);
    // The same reference on another form is another report.
    await expectSuccess(await send(formRequest(first, { path: "/f/otherform" }), env({ CONFIDE_KV: kv })));
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(3);
  });

  it("issue 10: refuses a message naming more recipients than the roster has receivers, and at most 256 without the roster", async () => {
    await expectRefusal(
      await send(formRequest(submission({ ciphertext: toFourRecipients }))),
      422,
      "TOO_MANY_RECIPIENTS",
    );
    await expectSuccess(
      await send(
        formRequest(submission({ ciphertext: toFourRecipients })),
        env({ ASSETS: assets([rosterKeyId], 4) }),
        // A new isolate: each reads the published file once.
        createPagesHook({ log: (message) => logs.push(message) }),
      ),
    );
    recorder.reset();
    const roster = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-ed25519")).armored });
    const flood = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: SECRET, date: NOW }),
      encryptionKeys: Array.from({ length: 257 }, () => roster),
      wildcard: true,
      date: NOW,
    });
    await expectRefusal(
      await send(
        formRequest(submission({ ciphertext: flood })),
        env({ ASSETS: assets(null) }),
        createPagesHook({ log: (message) => logs.push(message) }),
      ),
      422,
      "TOO_MANY_RECIPIENTS",
    );
  });

  it("issue 10: names no other origin in its CORS answers, and gives another origin's preflight no permission", async () => {
    const evil = { origin: "https://evil.example" };
    const preflight = await send(
      formRequest(null, {
        method: "OPTIONS",
        raw: "",
        headers: { ...evil, "access-control-request-method": "POST" },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    const post = await send(formRequest(submission(), { headers: evil }));
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
    const own = await send(formRequest(submission()));
    expect(own.headers.get("access-control-allow-origin")).toBe(SITE);
  });

  it("accepts recipients named by the roster's published key ids and refuses any other key", async () => {
    await expectSuccess(await send(formRequest(submission({ ciphertext: namedToRoster }))));
    expect(recorder.requests).toHaveLength(1);
    recorder.reset();
    await expectRefusal(
      await send(formRequest(submission({ ciphertext: namedToStranger }))),
      422,
      "UNKNOWN_RECIPIENT",
    );
  });

  it("accepts only hidden recipients when the published key ids are missing, and says so in the log", async () => {
    const withoutIds = env({ ASSETS: assets(null) });
    await expectRefusal(
      await send(formRequest(submission({ ciphertext: namedToRoster })), withoutIds),
      422,
      "RECIPIENTS_NOT_HIDDEN",
    );
    expect(logs.join("\n")).toContain(urls.receivingKeyIds);
    await expectSuccess(await send(formRequest(submission()), withoutIds));
    expect(recorder.requests).toHaveLength(1);
  });

  it("refuses a body that is not JSON in UTF-8 with 415", async () => {
    for (const contentType of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=latin1",
      "application/jsonx",
    ]) {
      await expectRefusal(
        await send(formRequest(submission(), { headers: { "content-type": contentType } })),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
    }
  });

  it("refuses unreadable, deeply nested or wrongly shaped JSON with 400, without quoting it", async () => {
    const json = await expectRefusal(
      await send(formRequest(null, { raw: `{"ciphertext": "${SECRET}` })),
      400,
      "INVALID_JSON",
    );
    expect(JSON.stringify(json)).not.toContain("secret");
    await expectRefusal(
      await send(formRequest(null, { raw: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) })),
      400,
      "INVALID_JSON",
    );
    await expectRefusal(
      await send(formRequest(null, { raw: `${"[".repeat(10_000)}${"]".repeat(10_000)}` })),
      400,
      "INVALID_BODY",
    );
    await expectRefusal(await send(formRequest([submission()])), 400, "INVALID_BODY");
    await expectRefusal(
      await send(formRequest(submission({ email: "reporter@example.org" }))),
      400,
      "UNKNOWN_FIELD",
    );
    await expectRefusal(await send(formRequest(submission({ ciphertext: 42 }))), 400, "TYPE_TEXT");
  });

  it("refuses a body over its limit with 413, whether announced or streamed, and reads no further", async () => {
    const limited = env({ MAX_BODY_BYTES: "65536" });
    const big = submission({ ciphertext: `${ciphertext}${" ".repeat(70_000)}` });
    await expectRefusal(await send(formRequest(big), limited), 413, "BODY_TOO_LARGE");

    const total = 64 * 65_536;
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += 16_384;
        controller.enqueue(new Uint8Array(16_384).fill(0x20));
      },
    });
    await expectRefusal(await send(streamedRequest(stream), limited), 413, "BODY_TOO_LARGE");
    expect(pulled).toBeGreaterThan(65_536);
    expect(pulled).toBeLessThan(4 * 65_536);
  });

  it("issue 10: stops reading an endless streamed body at the limit and answers 413", async () => {
    // The hook itself reads no further than the limit. (Under `wrangler pages dev` the answer still
    // reaches the client only after the whole upload: measured with a function that never touches
    // the body, so that is the local dev server's doing, not the function's.)
    const chunk = 16_384;
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk;
        controller.enqueue(new Uint8Array(chunk).fill(0x20));
      },
    });
    await expectRefusal(await send(streamedRequest(endless)), 413, "BODY_TOO_LARGE");
    expect(pulled).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);
    // The stream's own read-ahead (its high-water mark) adds at most a couple of chunks.
    expect(pulled).toBeLessThanOrEqual(DEFAULT_MAX_BODY_BYTES + 4 * chunk);
  });

  it("refuses plaintext, signed messages and a filled honeypot with 422", async () => {
    await expectRefusal(await send(formRequest(submission({ ciphertext: plaintext }))), 422, "NOT_ENCRYPTED");
    await expectRefusal(
      await send(formRequest(submission({ ciphertext: signedOnly }))),
      422,
      "NOT_ENCRYPTED",
    );
    await expectRefusal(await send(formRequest(submission({ _gotcha: "bot" }))), 422, "BLOCKED");
    await expectRefusal(
      await send(formRequest(submission({ reference: "R-0000" }))),
      422,
      "INVALID_REFERENCE",
    );
  });

  it("rate-limits each client address with 429 and Retry-After, lets other clients through, and forgets after the window", async () => {
    let clock = 120_000 + 15_000;
    hook = createPagesHook({ log: (message) => logs.push(message), now: () => clock });
    const limited = env({ RATE_LIMIT_MAX: "2", RATE_LIMIT_WINDOW_SECONDS: "60" });
    await expectSuccess(await send(formRequest(submission()), limited));
    await expectSuccess(await send(formRequest(submission()), limited));
    recorder.reset();

    const refused = await send(formRequest(submission()), limited);
    expect(refused.headers.get("retry-after")).toBe("45");
    const json = await expectRefusal(refused, 429, "RATE_LIMITED");
    expect(json.errors[0]?.message).toContain("Too many reports");

    const otherClient = formRequest(submission(), { headers: { "cf-connecting-ip": "198.51.100.200" } });
    await expectSuccess(await send(otherClient, limited));
    clock += 45_000;
    await expectSuccess(await send(formRequest(submission()), limited));
    expect(recorder.requests).toHaveLength(2);
  });

  it("answers 502 when Formspree refuses or cannot be reached, and delivers on the retry", async () => {
    const sent = submission();
    recorder.answer({ status: 422, body: { errors: [{ code: "INACTIVE", message: "Form is inactive" }] } });
    const refused = await send(formRequest(sent));
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "UPSTREAM_REFUSED",
    );
    expect(recorder.requests).toHaveLength(1);

    const closed = await startRecorder();
    const unreachableUrl = closed.url;
    await closed.close();
    const unreachable = await send(formRequest(sent), env({ FORMSPREE_ENDPOINT: unreachableUrl }));
    expect(unreachable.status).toBe(502);
    expect(((await unreachable.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "UPSTREAM_UNREACHABLE",
    );

    recorder.reset();
    await expectSuccess(await send(formRequest(sent)));
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(1);
    expect(logs.join("\n")).toContain("HTTP 422");
  });

  it("answers 500 and forwards nothing when FORMSPREE_FORM_ID is not set", async () => {
    const response = await send(formRequest(submission()), env({ FORMSPREE_FORM_ID: "" }));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "HOOK_NOT_CONFIGURED",
    );
    expect(recorder.requests).toEqual([]);
    expect(logs.join("\n")).toContain("FORMSPREE_FORM_ID is not set");
  });

  it("posts a content-free notice to the webhook after a delivery, and none for a retry", async () => {
    const notifying = env({ NOTIFY_WEBHOOK_URL: `${recorder.url}/notify` });
    const sent = submission();
    await expectSuccess(await send(formRequest(sent), notifying));
    await expectSuccess(await send(formRequest(sent), notifying), "retry");
    const notices = recorder.to("/notify");
    expect(notices).toHaveLength(1);
    const notice = JSON.parse(notices[0]?.body ?? "{}");
    expect(Object.keys(notice)).toEqual(["text"]);
    expect(notice.text).toContain(`A new report arrived (reference ${sent.reference})`);
    expect(notices[0]?.body).not.toContain("PGP");
    expect(JSON.stringify(notices[0]?.headers)).not.toContain(REPORTER.ip);
  });

  it("still answers success when the webhook fails", async () => {
    recorder.answer((request) =>
      request.path === "/notify" ? { status: 500, body: {} } : { status: 200, body: { ok: true } },
    );
    await expectSuccess(
      await send(formRequest(submission()), env({ NOTIFY_WEBHOOK_URL: `${recorder.url}/notify` })),
    );
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(1);
    expect(recorder.to("/notify")).toHaveLength(1);
    expect(logs.join("\n")).toContain("webhook answered HTTP 500");
  });

  it("answers 500 JSON instead of throwing when the environment itself fails", async () => {
    const hostile = new Proxy(env(), {
      get() {
        throw new Error("no environment");
      },
    });
    const response = await send(formRequest(submission()), hostile);
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "INTERNAL_ERROR",
    );
    expect(recorder.requests).toEqual([]);
  });
});

describe("issue 16: the hook's Formspree contract and fan-out", () => {
  const TEAM = "xdemoform";
  const PERSONAL = ["xadainbox", "xtomasinbox", "xmeiinbox"];

  /** The build's published file, version 2: key ids and the form ids it knows. */
  function publishedV2(): NonNullable<HookEnv["ASSETS"]> {
    const document = {
      version: 2,
      receivingKeyIds: [rosterKeyId],
      receivers: 3,
      teamFormId: TEAM,
      personalInboxes: PERSONAL,
    };
    return {
      async fetch(input) {
        const path = new URL(typeof input === "string" ? input : input.url).pathname;
        return path === urls.receivingKeyIds
          ? new Response(JSON.stringify(document))
          : new Response("Not found", { status: 404 });
      },
    };
  }
  const v2 = () => env({ ASSETS: publishedV2() });
  const fanOut = (reference = newReportReference(), to = PERSONAL) => ({
    copies: to.map((inbox) => ({ to: inbox, ciphertext })),
    reference,
    version: "2",
  });

  it("answers 404 for any form id the build does not know, as Formspree does, and forwards nothing", async () => {
    const response = await send(formRequest(submission(), { path: "/f/xsomeoneelse" }), v2());
    await expectRefusal(response, 404, "FORM_NOT_FOUND");
  });

  it("forwards a report posted to a personal inbox's id to that id at Formspree, not to the team's", async () => {
    await expectSuccess(await send(formRequest(submission(), { path: "/f/xadainbox" }), v2()));
    expect(recorder.requests.map((request) => request.path)).toEqual(["/f/xadainbox"]);
  });

  it("fans one post out to each personal inbox, sends the team inbox nothing, and says which arrived", async () => {
    const response = await send(formRequest(fanOut()), v2());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, next: urls.report, delivered: PERSONAL });
    expect(recorder.requests.map((request) => request.path).sort()).toEqual([
      "/f/xadainbox",
      "/f/xmeiinbox",
      "/f/xtomasinbox",
    ]);
    expect(recorder.to(FORWARDED_PATH)).toHaveLength(0);
    for (const request of recorder.requests)
      expect(Object.keys(JSON.parse(request.body)).sort()).toEqual(["ciphertext", "reference", "version"]);
  });

  it("reports 2 of 3 honestly and, on the retry, forwards only the missing copy", async () => {
    const three = PERSONAL;
    const reference = newReportReference();
    recorder.answer((request) =>
      request.path === "/f/xmeiinbox"
        ? { status: 503, body: { error: "Service unavailable" } }
        : { status: 200, body: { ok: true, next: "/thanks" } },
    );
    const first = await send(formRequest(fanOut(reference, three)), v2());
    expect(first.status).toBe(502);
    expect(await first.json()).toMatchObject({
      delivered: ["xadainbox", "xtomasinbox"],
      errors: [{ code: "UPSTREAM_REFUSED" }],
    });
    recorder.reset();
    const retry = await send(formRequest(fanOut(reference, three)), v2());
    expect(await retry.json()).toMatchObject({ ok: true, next: urls.report, delivered: three });
    expect(recorder.requests.map((request) => request.path)).toEqual(["/f/xmeiinbox"]);
  });

  it("refuses a fan-out to an inbox the build does not know, or to one inbox twice, before forwarding anything", async () => {
    await expectRefusal(
      await send(formRequest(fanOut(undefined, ["xadainbox", "xstranger"])), v2()),
      422,
      "UNKNOWN_INBOX",
    );
    await expectRefusal(
      await send(formRequest(fanOut(undefined, ["xadainbox", "xadainbox"])), v2()),
      422,
      "DUPLICATE_COPY",
    );
    await expectRefusal(
      await send(formRequest({ ...fanOut(), copies: [{ to: "xadainbox", ciphertext: "hello" }] }), v2()),
      422,
      "NOT_ENCRYPTED",
    );
  });

  it("does not count a 2xx from Formspree without ok or next as a delivery", async () => {
    recorder.answer({ status: 200, body: "<!doctype html><title>Please complete the reCAPTCHA</title>" });
    const response = await send(formRequest(submission()), v2());
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ errors: [{ code: "UPSTREAM_UNCONFIRMED" }] });
    recorder.reset();
    await expectSuccess(await send(formRequest(submission()), v2()));
  });

  it("explains Formspree's reCAPTCHA refusal instead of passing on a bare status", async () => {
    recorder.answer({
      status: 403,
      body: {
        error:
          "In order to submit via AJAX, you need to set a custom key or reCAPTCHA must be disabled in this form's settings page.",
      },
    });
    const response = await send(formRequest(submission()), v2());
    expect(response.status).toBe(502);
    const json = (await response.json()) as { errors: Array<{ code: string; message: string }> };
    expect(json.errors[0]?.code).toBe("UPSTREAM_RECAPTCHA");
    expect(json.errors[0]?.message).toMatch(/reCAPTCHA must be disabled/);
    expect(logs.join("\n")).toMatch(/reCAPTCHA is switched on/);
  });

  it("sends the site's origin as the referrer only when the page's post came from the site", async () => {
    await send(formRequest(submission(), { headers: { referer: "https://elsewhere.example/page" } }), v2());
    await send(formRequest(submission(), { headers: { referer: "", origin: "" } }), v2());
    await send(formRequest(submission(), { headers: { referer: "", origin: "null" } }), v2());
    await send(
      formRequest(submission(), { headers: { referer: "", origin: "https://elsewhere.example" } }),
      v2(),
    );
    expect(recorder.requests.map((request) => request.headers.referer)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("issue 13: passes the site's origin on when the browser sent no Referer but the site's Origin, so Formspree does not file the report as spam", async () => {
    // A browser set never to send a Referer (or an extension that strips it) still sends Origin with a POST.
    const response = await send(formRequest(submission(), { headers: { referer: "" } }), v2());
    await expectSuccess(response);
    expect(recorder.requests.map((request) => request.headers.referer)).toEqual([`${SITE}/`]);
  });
});
