import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { describe, expect, it, vi } from "vitest";
import { type CopyState, sealedState } from "../../src/client/delivery-state.ts";
import {
  MAX_SEND_TIMEOUT_MS,
  postCopies,
  SEND_TIMEOUT_MS,
  SLOWEST_UPLOAD_BYTES_PER_SECOND,
  sendTimeoutMs,
} from "../../src/client/post-report.ts";
import { startInbox } from "../../src/inbox/inbox-server.ts";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

/** A fetch that records each call and answers from a table of paths. */
function recordingFetch(answers: Record<string, { status: number; body: unknown } | "network-error">) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers[new URL(url).pathname];
    if (!answer || answer === "network-error") throw new TypeError("Failed to fetch");
    return new Response(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), {
      status: answer.status,
    });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

function copies(...owners: Array<string | null>): CopyState[] {
  return sealedState({
    reference: "R-7K2M-9QXD",
    submittedAt: new Date(0),
    inputs: "",
    plaintext: "",
    situation: { stillHappening: false, leftContact: false },
    copies: owners.map((owner) => ({
      target: owner ? `x${owner}` : "xteam",
      owner,
      ciphertext: `ct-${owner}`,
    })),
  }).copies;
}

const OK = { status: 200, body: { ok: true, next: "/thanks" } };
const base = { reference: "R-7K2M-9QXD", version: "2", teamFormId: "xteam" };

describe("posting a report's copies", () => {
  it("issue 16: in direct mode posts each copy to its own form, with the page's origin as its only referrer", async () => {
    const { calls, fetchImpl } = recordingFetch({ "/f/xada": OK, "/f/xmei": OK });
    const outcomes = await postCopies({
      ...base,
      copies: copies("ada", "mei"),
      endpoint: "https://formspree.example",
      fetch: fetchImpl,
    });
    expect(calls.map((call) => call.url)).toEqual([
      "https://formspree.example/f/xada",
      "https://formspree.example/f/xmei",
    ]);
    for (const { init } of calls) {
      expect(init.referrerPolicy).toBe("origin");
      expect(init.credentials).toBe("omit");
      expect(Object.keys(JSON.parse(String(init.body))).sort()).toEqual([
        "ciphertext",
        "reference",
        "version",
      ]);
    }
    expect([...outcomes]).toEqual([
      ["xada", { kind: "delivered" }],
      ["xmei", { kind: "delivered" }],
    ]);
  });

  it("issue 16: takes a 2xx without ok or next for not delivered, and explains a reCAPTCHA refusal", async () => {
    const { fetchImpl } = recordingFetch({
      "/f/xada": { status: 200, body: "<!doctype html><p>Please complete the reCAPTCHA" },
      "/f/xmei": { status: 403, body: { error: "reCAPTCHA must be disabled in this form's settings page." } },
      "/f/xtomas": "network-error",
    });
    const outcomes = await postCopies({
      ...base,
      copies: copies("ada", "mei", "tomas"),
      endpoint: "https://formspree.example",
      fetch: fetchImpl,
    });
    expect(outcomes.get("xada")).toEqual({ kind: "failed", failure: { kind: "unconfirmed", detail: null } });
    expect(outcomes.get("xmei")).toMatchObject({ kind: "failed", failure: { kind: "recaptcha" } });
    expect(outcomes.get("xtomas")).toEqual({ kind: "failed", failure: { kind: "offline", detail: null } });
  });

  it("issue 16: in hook mode posts personal copies once, to the team's path, and reads which arrived", async () => {
    const hook = recordingFetch({
      "/f/xteam": {
        status: 502,
        body: { errors: [{ code: "UPSTREAM_REFUSED", message: "no" }], delivered: ["xada"] },
      },
    });
    const originalLocation = Object.getOwnPropertyDescriptor(globalThis, "location");
    Object.defineProperty(globalThis, "location", {
      value: { origin: "https://conduct.example" },
      configurable: true,
    });
    try {
      const fanned = await postCopies({
        ...base,
        copies: copies("ada", "mei"),
        endpoint: null,
        fetch: hook.fetchImpl,
      });
      expect(hook.calls.map((call) => call.url)).toEqual(["https://conduct.example/f/xteam"]);
      expect(JSON.parse(String(hook.calls[0]?.init.body))).toEqual({
        copies: [
          { to: "xada", ciphertext: "ct-ada" },
          { to: "xmei", ciphertext: "ct-mei" },
        ],
        reference: "R-7K2M-9QXD",
        version: "2",
      });
      expect(fanned.get("xada")).toEqual({ kind: "delivered" });
      expect(fanned.get("xmei")).toMatchObject({ kind: "failed", failure: { kind: "server", detail: "no" } });
    } finally {
      // Test files share a process (vitest.config.ts): leave globalThis as it was, without a location.
      if (originalLocation) Object.defineProperty(globalThis, "location", originalLocation);
      else Reflect.deleteProperty(globalThis, "location");
    }
  });

  it("issue 13: a post the inbox holds past the time limit ends as a timeout, and its retry stores nothing twice", async () => {
    const dir = await mkdtemp(join(tmpdir(), "confide-post-report-"));
    const inbox = await startInbox({ port: 0, dir, formId: "xteam" });
    // In front of the real inbox: reads each post, and passes it on only once released.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const passedOn: Array<Promise<unknown>> = [];
    const hold = createServer((request: IncomingMessage, response) => {
      const body = buffer(request);
      passedOn.push(
        released.then(async () => {
          const answer = await fetch(`${inbox.url}${request.url}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: await body,
          });
          response.writeHead(answer.status).end(await answer.text());
        }),
      );
    });
    await new Promise<void>((resolve) => hold.listen(0, "127.0.0.1", resolve));
    const address = hold.address();
    const holdUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const ciphertext = await encryptReport({
        plaintext: "a report",
        recipientKeys: [await readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8")],
        hideRecipients: true,
      });
      const copy = sealedState({
        reference: "R-7K2M-9QXD",
        submittedAt: new Date(0),
        inputs: "",
        plaintext: "",
        situation: { stillHappening: false, leftContact: false },
        copies: [{ target: "xteam", owner: null, ciphertext }],
      }).copies;
      const held = await postCopies({ ...base, copies: copy, endpoint: holdUrl, timeoutMs: 200 });
      expect(held.get("xteam"), "issue 13: a post that never answers ends, as a timeout").toEqual({
        kind: "timeout",
        failure: { kind: "timeout", detail: null },
      });
      // It arrives after all (the inbox was only slow), and the reporter's retry reaches the inbox.
      release();
      await Promise.all(passedOn);
      const storedNames = async () => (await readdir(dir)).filter((name) => name.endsWith(".json"));
      expect(await storedNames()).toHaveLength(1);
      const retried = await postCopies({ ...base, copies: copy, endpoint: inbox.url });
      expect(retried.get("xteam")).toEqual({ kind: "delivered" });
      expect(await storedNames(), "issue 13: one report, though it was posted twice").toHaveLength(1);
    } finally {
      hold.closeAllConnections();
      await new Promise((resolve) => hold.close(resolve));
      await inbox.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("issue 13: gives a post the time to upload its body on a failing connection, on top of the time to answer", async () => {
    // The budgets (deterministic): a typical report, a long one (measured in Chromium: 57,452 bytes at
    // 1.5 kB/s were cut off at 30 s on every attempt), and the ceiling.
    expect(sendTimeoutMs({ bodyBytes: 6_000 })).toBe(SEND_TIMEOUT_MS + 3_000);
    expect(sendTimeoutMs({ bodyBytes: 57_452 })).toBeGreaterThan((57_452 / 1_500) * 1000);
    expect(sendTimeoutMs({ bodyBytes: 3_000_000 })).toBe(MAX_SEND_TIMEOUT_MS);
    expect(SLOWEST_UPLOAD_BYTES_PER_SECOND).toBeLessThanOrEqual(2_000);
    expect(() => sendTimeoutMs({ bodyBytes: 1, bytes: 1 } as never)).toThrow(
      "sendTimeoutMs: unknown option bytes",
    );

    // And postCopies uses them: with the clock faked, a post that is still uploading when a short
    // report's time is up is not given up on; it is at its own time.
    vi.useFakeTimers();
    try {
      let aborted = false;
      const uploading = (async (_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(init.signal?.reason);
          });
        })) as unknown as typeof fetch;
      const long = copies(null).map((copy) => ({ ...copy, ciphertext: "x".repeat(57_452) }));
      const outcome = postCopies({
        ...base,
        copies: long,
        endpoint: "https://formspree.example",
        fetch: uploading,
      });
      await vi.advanceTimersByTimeAsync(SEND_TIMEOUT_MS + 1_000);
      expect(aborted, "issue 13: a long report is still given time to upload").toBe(false);
      await vi.advanceTimersByTimeAsync(sendTimeoutMs({ bodyBytes: 57_600 }));
      expect(aborted).toBe(true);
      expect((await outcome).get("xteam")).toEqual({
        kind: "timeout",
        failure: { kind: "timeout", detail: null },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});
