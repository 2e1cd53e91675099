import { describe, expect, it } from "vitest";
import { type CopyState, sealedState } from "../../src/client/delivery-state.ts";
import { postCopies } from "../../src/client/post-report.ts";

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
});
