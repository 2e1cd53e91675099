import { describe, expect, it } from "vitest";
import {
  formatTransparency,
  parseTransparency,
  TRANSPARENCY_FORMAT,
  type TransparencyData,
  transparencyDiagnostics,
} from "../../src/site/transparency-data.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

const DATA: TransparencyData = {
  format: TRANSPARENCY_FORMAT,
  event: "Tidewater Tech Days 2027",
  generated: "2027-07-01",
  threshold: 3,
  total: 12,
  categories: [
    { label: "Harassment", count: 5 },
    { label: null, count: 3 },
  ],
  other_categories: 4,
  outcomes: [{ label: "Warning given", count: 9 }],
  other_outcomes: 3,
};

describe("the transparency data file", () => {
  it("round-trips, with a comment saying where it came from", () => {
    const text = formatTransparency(DATA);
    expect(text.startsWith("# The transparency report's figures, written by `confide desk`")).toBe(true);
    expect(parseTransparency(text)).toEqual({ kind: "data", data: DATA });
  });

  it("names the field and position of a mistake, and says nothing when the file is missing", () => {
    const text = formatTransparency(DATA).replace("generated: 2027-07-01", "generated: July");
    expect(parseTransparency(text)).toMatchObject({
      kind: "error",
      message: expect.stringContaining("generated"),
    });
    const [problem] = transparencyDiagnostics(text);
    expect(problem).toMatchObject({ file: "_data/transparency.yaml", severity: "error" });
    expect(problem?.line).toBeGreaterThan(3);
    expect(transparencyDiagnostics(null)).toEqual([]);
  });

  it("never throws on 1,000 seeded random inputs", () => {
    const random = seededRandom(2027);
    const real = formatTransparency(DATA);
    let read = 0;
    for (let n = 0; n < 1000; n++) {
      const at = Math.floor(random() * real.length);
      const text =
        n % 2 === 0
          ? Array.from({ length: Math.floor(random() * 200) }, () =>
              String.fromCharCode(Math.floor(random() * 0x3000)),
            ).join("")
          : `${real.slice(0, at)}${String.fromCharCode(Math.floor(random() * 128))}${real.slice(at + 1)}`;
      const parsed = parseTransparency(text);
      if (parsed.kind === "data") {
        read++;
        // Whatever it reads, it never publishes a count below the threshold.
        for (const row of [...parsed.data.categories, ...parsed.data.outcomes])
          expect(row.count).toBeGreaterThanOrEqual(parsed.data.threshold);
      }
    }
    expect(read).toBeLessThan(1000);
  });
});
