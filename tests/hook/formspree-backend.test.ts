import { describe, expect, it } from "vitest";
import { formspreeBackend } from "../../src/hook/formspree-backend.ts";
import type { AcceptedSubmission } from "../../src/hook/handle-submission.ts";

const CIPHERTEXT = "-----BEGIN PGP MESSAGE-----\n\nwcBMA…\n-----END PGP MESSAGE-----\n";
const ORIGIN = "https://coc.example.org";

const submission = (extra: Partial<AcceptedSubmission> = {}): AcceptedSubmission => ({
  ciphertext: CIPHERTEXT,
  reference: "R-7K2M-9QXD",
  version: "2",
  formId: "team",
  referrer: ORIGIN,
  ...extra,
});

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each call and answers from a list of (status, body) in turn, or throws one. */
function fakeFetch(answers: Array<[number, string] | Error>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[calls.length - 1] ?? [200, '{"ok":true}'];
    if (answer instanceof Error) throw answer;
    return new Response(answer[1], { status: answer[0] });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function backend(answers: Array<[number, string] | Error>, extra: Record<string, unknown> = {}) {
  const { fetch, calls } = fakeFetch(answers);
  const logs: string[] = [];
  const made = formspreeBackend({
    endpoint: "https://formspree.test/",
    formId: "xteamupstream",
    teamPath: "team",
    siteOrigin: ORIGIN,
    fetch,
    log: (message) => logs.push(message),
    ...extra,
  });
  return { backend: made, calls, logs };
}

const headersOf = (call: Call | undefined) => (call?.init.headers ?? {}) as Record<string, string>;

describe("formspreeBackend", () => {
  it("forwards the team's report to the team's Formspree form with only ciphertext, reference and version", async () => {
    const { backend: hook, calls, logs } = backend([[200, '{"ok":true,"next":"/thanks"}']]);
    expect(await hook.deliver(submission(), 1)).toEqual({ kind: "delivered" });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe("https://formspree.test/f/xteamupstream");
    expect(calls[0]?.init.method).toBe("POST");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      ciphertext: CIPHERTEXT,
      reference: "R-7K2M-9QXD",
      version: "2",
    });
    expect(logs).toEqual([]);
  });

  it("builds its own headers: none of the reporter's travel, and the referrer only when it is the site's origin", async () => {
    const { backend: hook, calls } = backend([]);
    await hook.deliver(submission(), 1);
    await hook.deliver(submission({ referrer: "https://evil.example" }), 1);
    await hook.deliver(submission({ referrer: null }), 1);
    expect(headersOf(calls[0])).toEqual({
      "content-type": "application/json",
      accept: "application/json",
      "user-agent": "Confide form hook",
      referer: `${ORIGIN}/`,
    });
    expect(headersOf(calls[1])).not.toHaveProperty("referer");
    expect(headersOf(calls[2])).not.toHaveProperty("referer");
    expect(calls[0]?.init.redirect).toBe("manual");
  });

  it("forwards a personal inbox's copy to that inbox's own form, with its id encoded in the path", async () => {
    const { backend: hook, calls } = backend([]);
    await hook.deliver(submission({ formId: "xadaform" }), 1);
    await hook.deliver(submission({ formId: "a/b?c" }), 1);
    expect(calls.map((call) => call.url)).toEqual([
      "https://formspree.test/f/xadaform",
      "https://formspree.test/f/a%2Fb%3Fc",
    ]);
  });

  it("sends everything to the team's form when no team path is set", async () => {
    const { backend: hook, calls } = backend([], { teamPath: undefined });
    await hook.deliver(submission({ formId: "xadaform" }), 1);
    expect(calls[0]?.url).toBe("https://formspree.test/f/xteamupstream");
  });

  it("answers 502 when Formspree cannot be reached, or does not answer in time, and logs no content", async () => {
    const timeout = new Error("timed out");
    timeout.name = "TimeoutError";
    const { backend: hook, logs } = backend([new TypeError("fetch failed"), timeout]);
    const unreachable = await hook.deliver(submission(), 1);
    expect(unreachable).toMatchObject({
      kind: "failed",
      status: 502,
      errors: [{ code: "UPSTREAM_UNREACHABLE" }],
    });
    const late = await hook.deliver(submission(), 1);
    expect(late).toMatchObject({ kind: "failed", status: 502, errors: [{ code: "UPSTREAM_TIMEOUT" }] });
    expect(logs).toEqual([
      "confide hook: Formspree could not be reached.",
      "confide hook: Formspree did not answer in time.",
    ]);
  });

  it("does not take a 2xx without ok or next for a delivery", async () => {
    const { backend: hook, logs } = backend([[200, "<!doctype html><title>reCAPTCHA</title>"]]);
    expect(await hook.deliver(submission(), 1)).toMatchObject({
      kind: "failed",
      status: 502,
      errors: [
        {
          code: "UPSTREAM_UNCONFIRMED",
          message: expect.stringContaining("Your report is still on this page"),
        },
      ],
    });
    expect(logs).toEqual(["confide hook: Formspree answered HTTP 200 without confirming a report."]);
  });

  it("tells a reCAPTCHA refusal from any other, with the status", async () => {
    const recaptcha = JSON.stringify({ error: "reCAPTCHA must be disabled in this form's settings page." });
    const { backend: hook, logs } = backend([
      [403, recaptcha],
      [422, JSON.stringify({ errors: [{ message: "nope" }] })],
    ]);
    expect(await hook.deliver(submission(), 1)).toMatchObject({ errors: [{ code: "UPSTREAM_RECAPTCHA" }] });
    expect(await hook.deliver(submission(), 1)).toMatchObject({
      errors: [{ code: "UPSTREAM_REFUSED", message: expect.stringContaining("(it answered 422)") }],
    });
    expect(logs).toEqual([
      "confide hook: Formspree refused a report with HTTP 403 (reCAPTCHA is switched on for the form).",
      "confide hook: Formspree refused a report with HTTP 422.",
    ]);
  });

  it("notifies the webhook after a delivery with the reference only, and says when it is an edit", async () => {
    const { backend: hook, calls } = backend([], { notifyUrl: "https://hooks.test/notify" });
    await hook.deliver(submission(), 1);
    await hook.deliver(submission(), 2);
    const notices = calls.filter((call) => call.url === "https://hooks.test/notify");
    expect(notices.map((call) => JSON.parse(String(call.init.body)))).toEqual([
      {
        text: "A new report arrived (reference R-7K2M-9QXD). Read it in the Formspree inbox and decrypt it with your key.",
      },
      {
        text: "An edited version (2) of report R-7K2M-9QXD arrived: the reporter changed it after sending. Read both in the Formspree inbox and decrypt it with your key.",
      },
    ]);
    for (const notice of notices) expect(String(notice.init.body)).not.toContain("PGP MESSAGE");
  });

  it("sends no notice when the delivery failed, and only logs a failing webhook", async () => {
    const failed = backend([[500, "{}"]], { notifyUrl: "https://hooks.test/notify" });
    await failed.backend.deliver(submission(), 1);
    expect(failed.calls.map((call) => call.url)).toEqual(["https://formspree.test/f/xteamupstream"]);

    const broken = backend(
      [
        [200, '{"ok":true}'],
        [404, "no such hook"],
      ],
      { notifyUrl: "https://hooks.test/n" },
    );
    expect(await broken.backend.deliver(submission(), 1)).toEqual({ kind: "delivered" });
    expect(broken.logs).toEqual(["confide hook: the notification webhook answered HTTP 404."]);
  });

  it("hands the notice to waitUntil, so the reporter does not wait for it", async () => {
    const waited: Promise<unknown>[] = [];
    const { backend: hook } = backend([], {
      notifyUrl: "https://hooks.test/notify",
      waitUntil: (promise: Promise<unknown>) => waited.push(promise),
    });
    await hook.deliver(submission(), 1);
    expect(waited).toHaveLength(1);
    await expect(waited[0]).resolves.toBeUndefined();
  });
});
