import { describe, expect, it } from "vitest";
import { newReportReference, REFERENCE_PATTERN } from "../../src/report/report-reference.ts";

describe("report references", () => {
  it("spell 40 random bits in Crockford's base32, four and four: R-XXXX-XXXX", () => {
    expect(newReportReference((bytes) => bytes.fill(0))).toBe("R-0000-0000");
    expect(newReportReference((bytes) => bytes.fill(255))).toBe("R-ZZZZ-ZZZZ");
    // 0x0123456789 = 00000 00100 10001 10100 01010 11001 11100 01001
    expect(newReportReference((bytes) => bytes.set([0x01, 0x23, 0x45, 0x67, 0x89]) ?? bytes)).toBe(
      "R-04HM-ASW9",
    );
  });

  it("never use I, L, O or U, and always match the pattern, over 1,000 random ones", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const reference = newReportReference();
      expect(reference).toMatch(REFERENCE_PATTERN);
      expect(reference.slice(2)).not.toMatch(/[ILOU]/);
      seen.add(reference);
    }
    expect(seen.size).toBe(1000);
  });

  it("are refused by the pattern when written another way", () => {
    for (const bad of ["R-0000-000", "r-0000-0000", "R-0000-000I", "R-00000000", " R-0000-0000"])
      expect(REFERENCE_PATTERN.test(bad), bad).toBe(false);
  });
});
