import { describe, expect, it } from "vitest";
import { describeFailure, FAILURE_TEXT, TIMEOUT_FAILURE } from "../../src/client/submission-failure.ts";
import { UI_KEYS } from "../../src/i18n/ui-strings.ts";

describe("describeFailure", () => {
  it("tells being offline from the messages each browser gives for a failed fetch", () => {
    for (const message of [
      "Failed to fetch",
      "NetworkError when attempting to fetch resource.",
      "Load failed",
    ])
      expect(describeFailure([message]), message).toEqual({ kind: "offline", detail: null });
  });

  it("tells a busy inbox, an answer that is not Formspree's, and a refusal (keeping what the inbox said)", () => {
    expect(describeFailure(["Too many reports from this connection."])).toEqual({
      kind: "rate-limited",
      detail: "Too many reports from this connection.",
    });
    expect(describeFailure(["Unexpected token '<', \"<!doctype \" is not valid JSON"])).toEqual({
      kind: "server",
      detail: null,
    });
    expect(describeFailure(["The report was not encrypted, so it was not accepted."])).toEqual({
      kind: "refused",
      detail: "The report was not encrypted, so it was not accepted.",
    });
    expect(describeFailure([])).toEqual({ kind: "refused", detail: null });
  });

  it("has a UI string for every kind of failure, the timeout included", () => {
    expect(TIMEOUT_FAILURE.kind).toBe("timeout");
    for (const key of Object.values(FAILURE_TEXT)) expect(UI_KEYS, key).toContain(key);
  });
});
