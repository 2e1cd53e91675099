import { describe, expect, it } from "vitest";
import { rejectUnknownOptions } from "../../src/report/reject-unknown-options.ts";

const KNOWN = ["plaintext", "recipientKeys", "now"] as const;

describe("rejectUnknownOptions (src/report)", () => {
  it("accepts options that are all known, including none", () => {
    expect(() =>
      rejectUnknownOptions("encryptReport", { plaintext: "x", now: new Date() }, KNOWN),
    ).not.toThrow();
    expect(() => rejectUnknownOptions("encryptReport", {}, KNOWN)).not.toThrow();
  });

  it("throws a TypeError naming the unknown options and listing the known ones", () => {
    const call = () =>
      rejectUnknownOptions("encryptReport", { plaintext: "x", wildcard: true, date: 1 }, KNOWN);
    expect(call).toThrow(TypeError);
    expect(call).toThrow(
      "encryptReport: unknown option wildcard, date (known: plaintext, recipientKeys, now)",
    );
  });

  it("refuses every option when the function knows none", () => {
    expect(() => rejectUnknownOptions("plan", { a: 1 }, [])).toThrow("plan: unknown option a (known: )");
  });

  it("does not take inherited names for options", () => {
    expect(() => rejectUnknownOptions("plan", Object.create({ inherited: 1 }), [])).not.toThrow();
  });
});
