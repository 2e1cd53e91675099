import { describe, expect, it } from "vitest";
import { groupFingerprint, isFullFingerprint, normalizeFingerprint } from "../../src/roster/fingerprint.ts";

const V4 = "9D5721AD485C3B63B26CC8AFCD9202DE592E486D";

describe("fingerprints", () => {
  it("compare without spaces, a 0x prefix or lower case", () => {
    expect(normalizeFingerprint("0x9d57 21ad 485c 3b63 b26c  c8af cd92 02de 592e 486d")).toBe(V4);
  });

  it("print in groups of four, as gpg prints them", () => {
    expect(groupFingerprint(V4)).toBe("9D57 21AD 485C 3B63 B26C C8AF CD92 02DE 592E 486D");
    expect(groupFingerprint("")).toBe("");
  });

  it("are full only with 40 (v4) or 64 (v6) hex digits: short key ids are refused", () => {
    expect(isFullFingerprint(V4)).toBe(true);
    expect(isFullFingerprint("A".repeat(64))).toBe(true);
    expect(isFullFingerprint(V4.slice(-16))).toBe(false);
    expect(isFullFingerprint(`${V4.slice(0, 39)}G`)).toBe(false);
  });
});
