import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@formspree/core";
import * as openpgp from "openpgp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startInbox } from "../../src/inbox/inbox-server.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";

const FORM_ID = "testform";
const ORIGIN = "https://event.example";
const MAX_BODY_BYTES = 16 * 1024;
const RECEIVED_AT = new Date("2027-03-01T12:34:56.789Z");

let root: string;
let dir: string;
let inbox: { url: string; close: () => Promise<void> };
let ciphertext: string;
/** The same report, edited after it was sent: another ciphertext. */
let edited: string;
/** Each request is received one second after the previous one, so copies of a report get distinct names. */
let tick = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "confide-inbox-"));
  dir = join(root, "reports");
  const key = await openpgp.readKey({ armoredKey: (await fixtureKey("gpg-ed25519")).armored });
  ciphertext = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: "What happened, in the reporter's words." }),
    encryptionKeys: key,
    wildcard: true,
    date: NOW,
  });
  edited = await openpgp.encrypt({
    message: await openpgp.createMessage({ text: "What happened, and one more detail." }),
    encryptionKeys: key,
    wildcard: true,
    date: NOW,
  });
  inbox = await startInbox({
    port: 0,
    dir,
    formId: FORM_ID,
    maxBodyBytes: MAX_BODY_BYTES,
    allowedOrigins: [ORIGIN],
    now: () => new Date(RECEIVED_AT.getTime() + 1000 * tick++),
  });
});

afterAll(async () => {
  await inbox?.close();
  await rm(root, { recursive: true, force: true });
});

beforeEach(async () => {
  tick = 0;
  await rm(dir, { recursive: true, force: true });
});

function submission(overrides: Record<string, unknown> = {}) {
  return { ciphertext, reference: "R-7K2M-9QXD", version: "1", _gotcha: "", ...overrides };
}

function post(body: unknown, options: { path?: string; contentType?: string; raw?: string } = {}) {
  return fetch(`${inbox.url}${options.path ?? `/f/${FORM_ID}`}`, {
    method: "POST",
    headers: {
      "content-type": options.contentType ?? "application/json",
      accept: "application/json",
      origin: ORIGIN,
    },
    body: options.raw ?? JSON.stringify(body),
  });
}

/** Every file in the inbox folder, temporary ones included; [] when the folder was never created. */
async function storedFiles(): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Asserts a Formspree-shaped error answer with the status and first code, and that nothing was stored. */
async function expectRefusal(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  const json = (await response.json()) as { errors: Array<{ code: string; message: string }> };
  expect(Object.keys(json)).toEqual(["errors"]);
  expect(json.errors[0]).toMatchObject({ code, message: expect.stringMatching(/\S/) });
  for (const error of json.errors) expect(typeof error.message).toBe("string");
  expect(await storedFiles()).toEqual([]);
  return json;
}

describe("the local inbox", () => {
  it("answers a CORS preflight the way Formspree does", async () => {
    const response = await fetch(`${inbox.url}/f/${FORM_ID}`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,formspree-client",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toBe("POST, OPTIONS");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "Content-Type, Accept, Formspree-Client, Formspree-Session-Data",
    );
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    const noOrigin = await fetch(`${inbox.url}/f/${FORM_ID}`, { method: "OPTIONS" });
    expect(noOrigin.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("stores a good submission as one private file holding only the report's fields", async () => {
    const response = await post(submission());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(await response.json()).toEqual({
      ok: true,
      next: "/report/",
      reference: "R-7K2M-9QXD",
      delivery: "new",
      revision: 1,
    });

    const files = await storedFiles();
    expect(files).toEqual([`2027-03-01T123456Z-R-7K2M-9QXD.${FORM_ID}.json`]);
    const file = join(dir, files[0] as string);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const stored = JSON.parse(await readFile(file, "utf8"));
    expect(stored).toEqual({
      reference: "R-7K2M-9QXD",
      version: "1",
      ciphertext,
      receivedAt: "2027-03-01T12:34:56.789Z",
      formId: FORM_ID,
    });
    expect(Object.keys(stored).sort()).toEqual([
      "ciphertext",
      "formId",
      "receivedAt",
      "reference",
      "version",
    ]);
  });

  it("stores nothing new when the same reference is posted again, and answers success", async () => {
    expect((await post(submission())).status).toBe(200);
    const files = await storedFiles();
    const first = await readFile(join(dir, files[0] as string), "utf8");
    const retry = await post(submission());
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ ok: true, next: "/report/", delivery: "retry", revision: 1 });
    expect(await storedFiles()).toEqual(files);
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => post(submission())));
    expect(concurrent.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(await storedFiles()).toEqual(files);
    expect(await readFile(join(dir, files[0] as string), "utf8")).toBe(first);
    expect((await post(submission({ reference: "R-0000-0001" }))).status).toBe(200);
    expect(await storedFiles()).toHaveLength(2);
  });

  it("stores a report once when copies of it arrive at the same time", async () => {
    const copies = await Promise.all(Array.from({ length: 10 }, () => post(submission())));
    expect(copies.map((response) => response.status)).toEqual(Array(10).fill(200));
    expect(await storedFiles()).toHaveLength(1);
  });

  it("refuses a body that is not JSON with 415", async () => {
    await expectRefusal(
      await post(null, { contentType: "text/plain", raw: JSON.stringify(submission()) }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
    await expectRefusal(
      await post(null, { contentType: "application/x-www-form-urlencoded", raw: "ciphertext=x" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("refuses unreadable JSON with 400, without quoting it", async () => {
    const json = await expectRefusal(
      await post(null, { raw: '{"ciphertext": "secret words' }),
      400,
      "INVALID_JSON",
    );
    expect(JSON.stringify(json)).not.toContain("secret");
    await expectRefusal(await post([submission()]), 400, "INVALID_BODY");
    await expectRefusal(await post(submission({ email: "reporter@example.org" })), 400, "UNKNOWN_FIELD");
  });

  it("refuses a body over its limit with 413, whether announced or streamed", async () => {
    const big = submission({ ciphertext: `${ciphertext}${" ".repeat(MAX_BODY_BYTES)}` });
    await expectRefusal(await post(big), 413, "BODY_TOO_LARGE");

    // Chunked, with no Content-Length: the inbox stops reading once the limit is passed.
    const { status, headers, text } = await new Promise<{
      status: number | undefined;
      headers: Record<string, unknown>;
      text: string;
    }>((resolve, reject) => {
      const request = httpRequest(`${inbox.url}/f/${FORM_ID}`, {
        method: "POST",
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      });
      let answered = false;
      request.on("response", (response) => {
        answered = true;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, text }));
      });
      request.on("error", (error) => {
        if (!answered) reject(error);
      });
      const chunk = `"${"x".repeat(1022)}",`;
      request.write("[");
      let sent = 0;
      const writeMore = () => {
        while (!answered && sent < 4 * MAX_BODY_BYTES) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", writeMore);
        }
        if (!answered) request.end('""]');
      };
      writeMore();
    });
    expect(status).toBe(413);
    expect(headers.connection).toBe("close");
    expect(JSON.parse(text).errors[0].code).toBe("BODY_TOO_LARGE");
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses a report that is not encrypted with 422", async () => {
    const plaintext = (await openpgp.createMessage({ text: "What happened." })).armor();
    const json = await expectRefusal(await post(submission({ ciphertext: plaintext })), 422, "NOT_ENCRYPTED");
    expect(json.errors[0]?.message).toBe(
      "The report was not encrypted, so it was not accepted: nothing was stored.",
    );
    await expectRefusal(await post(submission({ _gotcha: "bot" })), 422, "BLOCKED");
    await expectRefusal(await post(submission({ reference: "../../x" })), 422, "INVALID_REFERENCE");
  });

  it("refuses another form id or path with 404", async () => {
    await expectRefusal(await post(submission(), { path: "/f/otherform" }), 404, "FORM_NOT_FOUND");
    await expectRefusal(await post(submission(), { path: `/f/${FORM_ID}/extra` }), 404, "FORM_NOT_FOUND");
    await expectRefusal(await post(submission(), { path: "/" }), 404, "NOT_FOUND");
  });

  it("refuses methods other than POST with 405", async () => {
    const response = await fetch(`${inbox.url}/f/${FORM_ID}`, { headers: { origin: ORIGIN } });
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
    await expectRefusal(response, 405, "METHOD_NOT_ALLOWED");
    const put = await fetch(`${inbox.url}/f/${FORM_ID}`, {
      method: "PUT",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify(submission()),
    });
    await expectRefusal(put, 405, "METHOD_NOT_ALLOWED");
  });
});

describe("the local inbox, against hostile or unlucky input", () => {
  it("issue 10: stores an edit sent under the same reference after a lost answer as a new version, even after a restart", async () => {
    expect((await post(submission())).status).toBe(200);
    // The answer was lost; the reporter edited the report and sent it under the same reference.
    const edit = submission({ ciphertext: edited });
    const answer = await post(edit);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ delivery: "edit", revision: 2, reference: "R-7K2M-9QXD" });
    const files = await storedFiles();
    expect(files).toEqual([
      `2027-03-01T123456Z-R-7K2M-9QXD.${FORM_ID}.json`,
      `2027-03-01T123457Z-R-7K2M-9QXD.${FORM_ID}-v2.json`,
    ]);
    const second = JSON.parse(await readFile(join(dir, files[1] as string), "utf8"));
    expect(second).toMatchObject({ reference: "R-7K2M-9QXD", ciphertext: edited, revision: 2 });

    // Another inbox on the same folder (a restart) still tells retries of either version apart.
    const restarted = await startInbox({ port: 0, dir, formId: FORM_ID, maxBodyBytes: MAX_BODY_BYTES });
    try {
      for (const [body, revision] of [
        [submission(), 1],
        [edit, 2],
      ] as const) {
        const response = await fetch(`${restarted.url}/f/${FORM_ID}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        expect(await response.json()).toMatchObject({ delivery: "retry", revision });
      }
    } finally {
      await restarted.close();
    }
    expect(await storedFiles()).toEqual(files);
  });

  it("issue 10: answers 413 to a client that sends a 30 MB body before reading the answer", async () => {
    const size = 30_000_000;
    const answer = await new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(inbox.url);
      const socket = connect({ host: hostname, port: Number(port) });
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      socket.on("error", (error) => reject(new Error(`${error.message}; received ${JSON.stringify(text)}`)));
      socket.on("close", () => resolve(text));
      socket.write(
        `POST /f/${FORM_ID} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      const chunk = Buffer.alloc(64 * 1024, 0x78);
      let sent = 0;
      // Writes everything first, as many HTTP clients do, and only then looks at the answer.
      const writeMore = () => {
        while (sent < size) {
          const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
          sent += piece.length;
          if (!socket.write(piece)) return void socket.once("drain", writeMore);
        }
      };
      writeMore();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('"code":"BODY_TOO_LARGE"');
    expect(await storedFiles()).toEqual([]);
  });

  it("issue 13: refuses path tricks in the form id with 404, and writes nothing in or beside its folder", async () => {
    for (const path of [
      `/f/..%2F${FORM_ID}`,
      `/f/${FORM_ID}%2F..%2F..%2Fescaped`,
      `/f/${FORM_ID}%00`,
      `/f/${FORM_ID.toUpperCase()}`,
      `/f/${FORM_ID}/`,
    ])
      await expectRefusal(await post(submission(), { path }), 404, "FORM_NOT_FOUND");
    // fetch reads %2e%2e as "..", so this one leaves /f/ altogether.
    await expectRefusal(await post(submission(), { path: `/f/%2e%2e/${FORM_ID}` }), 404, "NOT_FOUND");
    expect(await readdir(root)).toEqual([]);
  });

  it("issue 13: stores a body that trickles in, nothing of one abandoned half-way, and still answers the next", async () => {
    const body = JSON.stringify(submission());
    const { hostname, port } = new URL(inbox.url);
    /** Sends the headers and the first `parts` of the body's `of` parts, one write each; ends when told. */
    const trickle = (parts: number, of: number, end: "wait for the answer" | "hang up") =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: hostname, port: Number(port) });
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        socket.on("error", reject);
        socket.on("close", () => resolve(text));
        socket.write(
          `POST /f/${FORM_ID} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
        );
        const size = Math.ceil(body.length / of);
        const writePart = (part: number) => {
          if (part === parts) return void (end === "hang up" ? socket.end() : undefined);
          socket.write(body.slice(part * size, (part + 1) * size), () => setImmediate(writePart, part + 1));
        };
        writePart(0);
      });
    const abandoned = await trickle(5, 10, "hang up");
    expect(abandoned).not.toMatch(/^HTTP\/1\.1 200 /);
    expect(await storedFiles(), "issue 13: half a report is never stored").toEqual([]);
    expect(await trickle(20, 20, "wait for the answer")).toMatch(/^HTTP\/1\.1 200 /);
    expect((await storedFiles()).filter((name) => name.endsWith(".json"))).toHaveLength(1);
    expect((await storedFiles()).filter((name) => name.startsWith("."))).toEqual([]);
  });

  it("issue 10: names no other origin in its CORS answers", async () => {
    const response = await fetch(`${inbox.url}/f/${FORM_ID}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify(submission()),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${inbox.url}/f/${FORM_ID}`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("issue 10: at start, names a whole report a crash left as a temporary file, and removes one cut short", async () => {
    const crashed = join(root, "crashed");
    await mkdir(crashed, { recursive: true, mode: 0o700 });
    const record = {
      reference: "R-0000-00C7",
      version: "1",
      ciphertext,
      receivedAt: RECEIVED_AT.toISOString(),
      formId: FORM_ID,
    };
    const uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const whole = `.2027-03-01T123456Z-R-0000-00C7.json.${uuid}.tmp`;
    const cut = `.2027-03-01T123500Z-R-0000-00C8.json.${uuid}.tmp`;
    await writeFile(join(crashed, whole), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    await writeFile(join(crashed, cut), JSON.stringify(record).slice(0, 100), { mode: 0o600 });
    const logged: string[] = [];
    const started = await startInbox({ port: 0, dir: crashed, log: (line) => logged.push(line) });
    try {
      // The recovery runs before the first report is stored; this one waits for it.
      const response = await fetch(`${started.url}/f/${FORM_ID}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(submission({ reference: "R-0000-00C7" })),
      });
      expect(await response.json()).toMatchObject({ delivery: "retry", revision: 1 });
    } finally {
      await started.close();
    }
    expect((await readdir(crashed)).sort()).toEqual(["2027-03-01T123456Z-R-0000-00C7.json"]);
    expect(JSON.parse(await readFile(join(crashed, "2027-03-01T123456Z-R-0000-00C7.json"), "utf8"))).toEqual(
      record,
    );
    expect(logged).toEqual([
      `confide inbox: a crash had left unfinished files in ${crashed}: 1 report(s) recovered, 1 incomplete temporary file(s) removed.`,
    ]);
  });
});

describe("@formspree/core against the local inbox", () => {
  it("reports success for an encrypted report", async () => {
    const result = await createClient().submitForm(FORM_ID, submission(), { endpoint: inbox.url });
    expect(result.kind).toBe("success");
    expect(await storedFiles()).toHaveLength(1);
  });

  it("reports the inbox's refusal, with the field errors under the field", async () => {
    const plaintext = (await openpgp.createMessage({ text: "What happened." })).armor();
    const result = await createClient().submitForm(FORM_ID, submission({ ciphertext: plaintext }), {
      endpoint: inbox.url,
    });
    expect(result.kind).toBe("error");
    if (result.kind !== "error") return;
    expect(result.getFormErrors()).toEqual([]);
    expect(result.getFieldErrors("ciphertext")).toEqual([
      {
        code: "UNSPECIFIED",
        message: "The report was not encrypted, so it was not accepted: nothing was stored.",
      },
    ]);
    const blocked = await createClient().submitForm(FORM_ID, submission({ _gotcha: "bot" }), {
      endpoint: inbox.url,
    });
    expect(blocked.kind === "error" && blocked.getFormErrors()[0]?.code).toBe("BLOCKED");
    expect(await storedFiles()).toEqual([]);
  });
});

describe("issue 16: the local inbox behaves like Formspree with personal inboxes", () => {
  const SITE = "http://127.0.0.1:18790";
  let personalRoot: string;
  let restricted: { url: string; close: () => Promise<void> };

  beforeAll(async () => {
    personalRoot = await mkdtemp(join(tmpdir(), "confide-inbox-personal-"));
    restricted = await startInbox({
      port: 0,
      dir: personalRoot,
      formIds: ["xteam", "xada", "xmei"],
      personalInboxes: ["xada", "xmei"],
      restrictTo: SITE,
    });
  });

  afterAll(async () => {
    await restricted?.close();
    await rm(personalRoot, { recursive: true, force: true });
  });

  const postTo = (path: string, body: unknown, referer: string | null = `${SITE}/`) =>
    fetch(`${restricted.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: SITE,
        ...(referer === null ? {} : { referer }),
      },
      body: JSON.stringify(body),
    });
  const stored = async (folder = personalRoot) =>
    (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(".json")).sort();

  it("answers 404 for a form id it does not know", async () => {
    const response = await postTo("/f/xstranger", submission({ reference: "R-AAAA-0001" }));
    expect(response.status).toBe(404);
    expect(await stored()).toEqual([]);
  });

  it("stores one copy in each chosen inbox under one reference, and nothing in the team's", async () => {
    const reference = "R-AAAA-0002";
    const response = await postTo("/f/xteam", {
      copies: [
        { to: "xada", ciphertext },
        { to: "xmei", ciphertext },
      ],
      reference,
      version: "2",
    });
    expect(await response.json()).toMatchObject({ ok: true, next: "/report/", delivered: ["xada", "xmei"] });
    const files = await stored();
    expect(files.map((name) => name.replace(/^\S+?Z-/, ""))).toEqual([
      `${reference}.xada.json`,
      `${reference}.xmei.json`,
    ]);
    for (const name of files) {
      const record = JSON.parse(await readFile(join(personalRoot, name), "utf8"));
      expect(record).toMatchObject({ reference, formId: expect.stringMatching(/^x(ada|mei)$/) });
    }
    // A retry of the whole fan-out stores nothing new.
    await postTo("/f/xteam", { copies: [{ to: "xada", ciphertext }], reference, version: "2" });
    expect(await stored()).toHaveLength(2);
  });

  it("issue 13: stores the personal copies of a report the team inbox would take, though together they pass one report's limit", async () => {
    const reference = "R-AAAA-0004";
    const single = JSON.stringify(submission({ reference }));
    const copies = [
      { to: "xada", ciphertext },
      { to: "xmei", ciphertext },
    ];
    const fanOut = JSON.stringify({ copies, reference, version: "2" });
    // The limit of one report: the team's copy fits, the two personal copies in one post do not.
    const maxBodyBytes = single.length + 64;
    expect(fanOut.length).toBeGreaterThan(maxBodyBytes);
    const folder = await mkdtemp(join(tmpdir(), "confide-inbox-fan-out-"));
    const small = await startInbox({
      port: 0,
      dir: folder,
      formIds: ["xteam", "xada", "xmei"],
      personalInboxes: ["xada", "xmei"],
      maxBodyBytes,
    });
    try {
      const response = await fetch(`${small.url}/f/xteam`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: fanOut,
      });
      expect(response.status, "issue 13: a fan-out may carry one report's limit per copy").toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, delivered: ["xada", "xmei"] });
      expect(await stored(folder)).toHaveLength(2);
    } finally {
      await small.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("files a report without the site's referrer as spam, answering success as Formspree does", async () => {
    const reference = "R-AAAA-0003";
    for (const referer of [null, "https://elsewhere.example/"]) {
      const response = await postTo("/f/xada", submission({ reference }), referer);
      expect(await response.json()).toMatchObject({ ok: true, next: "/report/" });
    }
    expect((await stored()).filter((name) => name.includes(reference))).toEqual([]);
    expect(
      (await stored(join(personalRoot, "spam"))).filter((name) => name.includes(reference)),
    ).toHaveLength(1);
  });
});
