import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { TRANSPARENCY_FORMAT, type TransparencyData } from "../site/transparency-data.ts";
import type { CaseFile } from "./case-file.ts";

/**
 * Counts the cases for the transparency report, by category and by outcome, and suppresses small
 * counts so that no reporter or reported person can be recognised from them. Pure.
 *
 * Suppression (per dimension): every row below the threshold joins one combined "other" row. When
 * that row is itself below the threshold, the smallest shown rows join it until it is not (so no
 * hidden count can be worked out by subtracting the shown ones from the total). The total is shown
 * only at or above the threshold.
 */

/** One row before suppression. */
interface Row {
  label: string | null;
  count: number;
}

/**
 * Suppresses the small rows of one dimension.
 *
 * @param counted - every row with its count
 * @param threshold - the smallest count published
 * @returns the rows shown (each at or above the threshold) and the combined rest, or null
 */
export function suppressSmallCounts(
  counted: readonly Row[],
  threshold: number,
): { rows: Row[]; other: number | null } {
  const shown = counted.filter((row) => row.count >= threshold).sort((a, b) => b.count - a.count);
  let other = counted.filter((row) => row.count < threshold).reduce((sum, row) => sum + row.count, 0);
  let combined = counted.some((row) => row.count > 0 && row.count < threshold);
  while (combined && other < threshold && shown.length > 0) {
    other += shown.pop()?.count ?? 0;
  }
  if (other === 0) combined = false;
  return {
    rows: shown.map((row) => ({ ...row })),
    other: combined && other >= threshold ? other : null,
  };
}

function countBy(cases: readonly CaseFile[], key: (c: CaseFile) => string | null): Row[] {
  const counts = new Map<string | null, number>();
  for (const c of cases) counts.set(key(c), (counts.get(key(c)) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count }));
}

/**
 * The transparency data for a set of cases.
 *
 * @param options.cases - the cases to count (every case the desk can open)
 * @param options.event - the event's name
 * @param options.threshold - the smallest count published (site.yaml's desk.transparency_threshold)
 * @param options.now - the day of counting
 */
export function countTransparency(options: {
  cases: readonly CaseFile[];
  event: string;
  threshold: number;
  now: Date;
}): TransparencyData {
  rejectUnknownOptions("countTransparency", withoutKeys(options, ["cases", "event", "threshold", "now"]));
  const { cases, threshold } = options;
  const categories = suppressSmallCounts(
    countBy(cases, (c) => c.category),
    threshold,
  );
  const outcomes = suppressSmallCounts(
    countBy(cases, (c) => (c.status === "closed" ? c.outcome : null)),
    threshold,
  );
  return {
    format: TRANSPARENCY_FORMAT,
    event: options.event,
    generated: options.now.toISOString().slice(0, 10),
    threshold,
    total: cases.length >= threshold ? cases.length : null,
    categories: categories.rows,
    other_categories: categories.other,
    outcomes: outcomes.rows,
    other_outcomes: outcomes.other,
  };
}
