import { describe, expect, it } from "vitest";
import { type CaseFile, newCaseFile } from "../../src/desk/case-file.ts";
import { countTransparency, suppressSmallCounts } from "../../src/desk/transparency-counts.ts";
import { formatTransparency, parseTransparency } from "../../src/site/transparency-data.ts";

const NOW = new Date("2027-07-01T10:00:00Z");

function caseOf(n: number, category: string | null, outcome: string | null, closed = true): CaseFile {
  const reference = `R-0000-${String(n).padStart(4, "0")}`;
  return {
    ...newCaseFile({ reference, report: "", receivedAt: null, now: NOW }),
    category,
    outcome,
    status: closed ? "closed" : "in-progress",
    closedAt: closed ? NOW.toISOString() : null,
  };
}

describe("suppressing small counts", () => {
  it("combines rows below the threshold into one row at or above it", () => {
    expect(
      suppressSmallCounts(
        [
          { label: "A", count: 9 },
          { label: "B", count: 2 },
          { label: "C", count: 1 },
        ],
        3,
      ),
    ).toEqual({ rows: [{ label: "A", count: 9 }], other: 3 });
  });

  it("adds the smallest shown row when the combined rest is still too small, so nothing can be subtracted out", () => {
    expect(
      suppressSmallCounts(
        [
          { label: "A", count: 9 },
          { label: "B", count: 4 },
          { label: "C", count: 1 },
        ],
        3,
      ),
    ).toEqual({ rows: [{ label: "A", count: 9 }], other: 5 });
  });

  it("shows nothing when every count together is below the threshold", () => {
    expect(suppressSmallCounts([{ label: "A", count: 1 }], 3)).toEqual({ rows: [], other: null });
  });
});

describe("the transparency data", () => {
  const cases = [
    ...Array.from({ length: 5 }, (_, i) => caseOf(i, "Harassment", "Warning given")),
    ...Array.from({ length: 3 }, (_, i) => caseOf(10 + i, "Unwanted photography", "Asked to leave")),
    caseOf(20, "Theft", "Referred to the venue"),
    caseOf(21, null, null, false),
  ];

  it("counts by category and outcome, and no count below the threshold appears", () => {
    const data = countTransparency({ cases, event: "Tidewater Tech Days 2027", threshold: 3, now: NOW });
    expect(data).toMatchObject({
      total: 10,
      // Theft (1) and not classified (1) make 2, below 3: the smallest shown row (3) joins them.
      categories: [{ label: "Harassment", count: 5 }],
      other_categories: 5,
      // The open case counts as "still open" (a null label) among the outcomes.
      outcomes: [{ label: "Warning given", count: 5 }],
      other_outcomes: 5,
      generated: "2027-07-01",
    });
    expect(data.categories.every((row) => row.count >= 3)).toBe(true);
    const text = formatTransparency(data);
    expect(parseTransparency(text)).toEqual({ kind: "data", data });
    expect(text).not.toMatch(/Theft/);
  });

  it("refuses a data file edited to publish a small count, with its position", () => {
    const data = countTransparency({ cases, event: "E", threshold: 3, now: NOW });
    const edited = formatTransparency(data).replace("count: 5", "count: 1");
    expect(parseTransparency(edited)).toMatchObject({
      kind: "error",
      message: expect.stringMatching(/below the threshold/),
    });
    expect(parseTransparency("format: [")).toMatchObject({ kind: "error", line: expect.any(Number) });
    expect(parseTransparency("format: nope\n")).toMatchObject({ kind: "error", line: 1, col: 9 });
  });

  it("refuses an option it does not know", () => {
    expect(() =>
      countTransparency({ cases, event: "E", threshold: 3, now: NOW, minimum: 5 } as Parameters<
        typeof countTransparency
      >[0]),
    ).toThrow("countTransparency: unknown option minimum");
  });
});
