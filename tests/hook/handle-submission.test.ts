import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AcceptedSubmission,
  ALLOWED_METHODS,
  type Delivery,
  handleSubmission,
  MAX_JSON_DEPTH,
  PREFLIGHT_MAX_AGE_SECONDS,
  requestBodyLimit,
  type SubmissionBackend,
} from "../../src/hook/handle-submission.ts";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { urls } from "../../src/site/urls.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

// The one code path behind the local inbox and the functions/ hook, called directly with real
// Request objects and a back end that keeps what it is given: every answer's status and shape, in the
// order the handler decides, and that nothing reaches the back end unless every check passed.

const ORIGIN = "https://conduct.tidewater.example";
const FORM = "/f/xdemoform";
const REFERENCE = "R-7K2M-9QXD";

/** A back end that keeps every submission it is asked to deliver and answers as told. */
function keepingBackend(answer: () => Promise<Delivery> = async () => ({ kind: "delivered" })) {
  const delivered: AcceptedSubmission[] = [];
  const backend: SubmissionBackend = {
    async deliver(submission) {
      delivered.push(submission);
      return answer();
    },
  };
  return { backend, delivered };
}

let ciphertext = "";
beforeAll(async () => {
  ciphertext = await encryptReport({
    plaintext: "a report",
    recipientKeys: [await readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8")],
    // Hidden recipients: accepted without the roster's key ids, so these tests need no roster.
    hideRecipients: true,
  });
});

function post(body: string, headers: Record<string, string> = {}, path = FORM): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, ...headers },
    body,
  });
}
const submission = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ciphertext, reference: REFERENCE, version: "1", ...extra });

async function answer(response: Response) {
  return { status: response.status, body: (await response.json()) as { errors?: Array<{ code: string }> } };
}
const codes = (body: { errors?: Array<{ code: string }> }) => body.errors?.map((e) => e.code);

describe("handleSubmission", () => {
  it("delivers a valid submission once, with the form id from the path, and answers like Formspree", async () => {
    const { backend, delivered } = keepingBackend();
    const response = await handleSubmission(post(submission()), backend, {
      formId: "xdemoform",
      allowedOrigins: [ORIGIN],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      next: urls.report,
      reference: REFERENCE,
      delivery: "new",
      revision: 1,
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(delivered).toEqual([
      // No Referer: the page's origin is the Origin header's (issue 13).
      { ciphertext, reference: REFERENCE, version: "1", formId: "xdemoform", referrer: ORIGIN },
    ]);
  });

  it("answers a CORS preflight with the methods and headers @formspree/core uses, and delivers nothing", async () => {
    const { backend, delivered } = keepingBackend();
    const response = await handleSubmission(
      new Request(`${ORIGIN}${FORM}`, { method: "OPTIONS", headers: { origin: ORIGIN } }),
      backend,
      { allowedOrigins: [ORIGIN] },
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(response.headers.get("access-control-allow-methods")).toBe(ALLOWED_METHODS);
    expect(response.headers.get("access-control-allow-headers")).toContain("Formspree-Session-Data");
    expect(response.headers.get("access-control-max-age")).toBe(String(PREFLIGHT_MAX_AGE_SECONDS));
    expect(delivered).toEqual([]);

    // Another origin gets no CORS permission at all.
    const elsewhere = await handleSubmission(
      new Request(`${ORIGIN}${FORM}`, { method: "OPTIONS", headers: { origin: "https://evil.example" } }),
      backend,
      { allowedOrigins: [ORIGIN] },
    );
    expect(elsewhere.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("issue 10: names no origin but an allowed one in CORS answers, and gives others' preflights no permission", async () => {
    const { backend } = keepingBackend();
    const evil = "https://evil.example";
    const preflight = await handleSubmission(
      new Request(`${ORIGIN}${FORM}`, { method: "OPTIONS", headers: { origin: evil } }),
      backend,
      { allowedOrigins: [ORIGIN] },
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    const posted = await handleSubmission(post(submission(), { origin: evil }), backend, {
      allowedOrigins: [ORIGIN],
    });
    expect(posted.headers.get("access-control-allow-origin")).toBeNull();
    // Without allowed origins (the local inbox's default): none at all, not even the request's own.
    const plain = await handleSubmission(post(submission()), backend);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses, in order, with Formspree-shaped errors: wrong path, method, form, rate, type, size, JSON", async () => {
    const { backend, delivered } = keepingBackend();
    const cases: Array<[string, Request, Parameters<typeof handleSubmission>[2], number, string]> = [
      ["outside /f/", post(submission(), {}, "/elsewhere"), {}, 404, "NOT_FOUND"],
      ["GET", new Request(`${ORIGIN}${FORM}`), {}, 405, "METHOD_NOT_ALLOWED"],
      ["another form", post(submission(), {}, "/f/other"), { formId: "xdemoform" }, 404, "FORM_NOT_FOUND"],
      [
        "rate limited",
        post(submission()),
        { rateLimit: async () => ({ allowed: false, retryAfterSeconds: 41.2 }) },
        429,
        "RATE_LIMITED",
      ],
      [
        "form-encoded",
        post(submission(), { "content-type": "application/x-www-form-urlencoded" }),
        {},
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      [
        "Latin-1",
        post(submission(), { "content-type": "application/json; charset=latin1" }),
        {},
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      ],
      ["too large", post(submission()), { maxBodyBytes: 100 }, 413, "BODY_TOO_LARGE"],
      ["not JSON", post("{ciphertext:"), {}, 400, "INVALID_JSON"],
      [
        "not UTF-8",
        new Request(`${ORIGIN}${FORM}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: new Uint8Array([0x7b, 0xff, 0x7d]),
        }),
        {},
        400,
        "INVALID_JSON",
      ],
      [
        "too deep",
        post(`${"[".repeat(MAX_JSON_DEPTH + 1)}${"]".repeat(MAX_JSON_DEPTH + 1)}`),
        {},
        400,
        "INVALID_BODY",
      ],
      ["a field too many", post(submission({ what: "plaintext" })), {}, 400, "UNKNOWN_FIELD"],
      ["not encrypted", post(submission({ ciphertext: "I was harassed" })), {}, 422, "NOT_ENCRYPTED"],
    ];
    for (const [what, request, options, status, code] of cases) {
      const { status: got, body } = await answer(await handleSubmission(request, backend, options));
      expect([what, got, codes(body)]).toEqual([what, status, [code]]);
    }
    const limited = await handleSubmission(post(submission()), backend, {
      rateLimit: async () => ({ allowed: false, retryAfterSeconds: 41.2 }),
    });
    expect(limited.headers.get("retry-after")).toBe("42");
    const wrongMethod = await handleSubmission(new Request(`${ORIGIN}${FORM}`), backend);
    expect(wrongMethod.headers.get("allow")).toBe(ALLOWED_METHODS);
    expect(delivered).toEqual([]);
  });

  it("passes the back end's failure on as its status, and answers a throw with 500 JSON, logging no body", async () => {
    const failing = keepingBackend(async () => ({
      kind: "failed",
      status: 502,
      errors: [{ code: "UPSTREAM", message: "Formspree did not answer." }],
    }));
    const failed = await answer(await handleSubmission(post(submission()), failing.backend));
    expect([failed.status, codes(failed.body)]).toEqual([502, ["UPSTREAM"]]);

    const logs: string[] = [];
    const throwing = keepingBackend(async () => {
      throw new Error(`disk full while writing ${ciphertext}`);
    });
    const thrown = await answer(
      await handleSubmission(post(submission()), throwing.backend, { log: (line) => logs.push(line) }),
    );
    expect([thrown.status, codes(thrown.body)]).toEqual([500, ["INTERNAL_ERROR"]]);
    expect(logs).toEqual(["confide: Error: a report request failed before it was answered."]);
    expect(logs.join("\n")).not.toContain("BEGIN PGP");
  });

  it("rejects an unknown option, as a programming mistake", async () => {
    const { backend } = keepingBackend();
    await expect(
      handleSubmission(post(submission()), backend, { formID: "x" } as unknown as Parameters<
        typeof handleSubmission
      >[2]),
    ).rejects.toThrow("handleSubmission: unknown option formID");
  });

  it("issue 13: holds a fan-out to the body limit once per copy it carries, so personal copies of a report the team inbox takes are taken too", async () => {
    const personalInboxes = ["xada", "xmei", "xtomas"];
    const copy = (to: string) => ({ to, ciphertext });
    const fanOut = (copies: Array<{ to: string; ciphertext: string }>, padding = "") =>
      `${JSON.stringify({ copies, reference: REFERENCE, version: "2" })}${padding}`;
    // One report's limit: a single submission fits, two copies of it do not.
    const maxBodyBytes = submission().length + 64;
    expect(fanOut([copy("xada"), copy("xmei")]).length).toBeGreaterThan(maxBodyBytes);
    const options = { personalInboxes, maxBodyBytes };

    const { backend, delivered } = keepingBackend();
    const two = await answer(
      await handleSubmission(post(fanOut([copy("xada"), copy("xmei")])), backend, options),
    );
    expect(two.status, "issue 13: two copies that each fit are accepted").toBe(200);
    expect(delivered.map((submission) => submission.formId)).toEqual(["xada", "xmei"]);

    // Still held: a single body over one report's limit, and a fan-out over its limit per copy.
    const single = await handleSubmission(post(submission(), {}, FORM), backend, {
      ...options,
      maxBodyBytes: submission().length - 1,
    });
    expect(codes((await answer(single)).body)).toEqual(["BODY_TOO_LARGE"]);
    const padded = await handleSubmission(
      post(fanOut([copy("xada")], " ".repeat(maxBodyBytes))),
      backend,
      options,
    );
    expect(codes((await answer(padded)).body)).toEqual(["BODY_TOO_LARGE"]);
    expect(delivered).toHaveLength(2);
    expect(() =>
      requestBodyLimit({ maxBodyBytes: 1, personalInboxes: [], inboxes: 2 } as unknown as Parameters<
        typeof requestBodyLimit
      >[0]),
    ).toThrow("requestBodyLimit: unknown option inboxes");
  });
});
