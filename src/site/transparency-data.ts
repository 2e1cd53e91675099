import { z } from "zod";
import type { Diagnostic } from "../check/diagnostic.ts";
import { loadYamlLibrary } from "../check/yaml-source.ts";

/**
 * The transparency report's data file, `content/_data/transparency.yaml`: written by `confide desk`,
 * reviewed by the organisers, printed by the `{% transparency_report %}` block. It holds counts only,
 * and only counts at or above the threshold (the desk suppresses the others before writing), so the
 * file can be committed and published as it is. Specified in docs/case-file-format.md. Pure.
 */

/** The format version this module writes. */
export const TRANSPARENCY_FORMAT = "confide-transparency/1";

/** Where the data file lives in a content folder. */
export const TRANSPARENCY_FILE = "_data/transparency.yaml";

const count = z.number().int().min(0).max(1_000_000);

const rows = z
  .array(
    z.strictObject({
      /** a category or outcome as the responders named it; null: not classified yet (or still open) */
      label: z.string().trim().min(1).max(200).nullable(),
      count,
    }),
  )
  .max(200);

/** The data file's schema. */
export const transparencySchema = z.strictObject({
  format: z.literal(TRANSPARENCY_FORMAT).describe(`always "${TRANSPARENCY_FORMAT}"`),
  event: z.string().trim().min(1).max(300).describe("the event the counts are for"),
  generated: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .describe("the day the desk counted, YYYY-MM-DD"),
  threshold: z.number().int().min(1).max(1000).describe("counts below this are not published"),
  total: count.nullable().describe("how many reports in all; null when below the threshold"),
  categories: rows.describe("reports by category; each count at or above the threshold"),
  other_categories: count
    .nullable()
    .describe("the reports of categories too small to show, combined; null when none are combined"),
  outcomes: rows.describe("reports by outcome; a null label counts the cases still open"),
  other_outcomes: count
    .nullable()
    .describe("the reports of outcomes too small to show, combined; null when none are combined"),
});

/** The transparency data. */
export type TransparencyData = z.output<typeof transparencySchema>;

/**
 * The data file's text: a comment saying where it came from, then the data as YAML.
 *
 * @param data - the counts, already suppressed (see src/desk/transparency-counts.ts)
 */
export function formatTransparency(data: TransparencyData): string {
  const checked = transparencySchema.parse(data);
  return [
    "# The transparency report's figures, written by `confide desk` (the Transparency tab).",
    "# Review them, then rebuild the site: pages print them with {% transparency_report %}.",
    `# Counts below ${checked.threshold} are never written here (site.yaml: desk.transparency_threshold).`,
    loadYamlLibrary().stringify(checked, { lineWidth: 0 }),
  ].join("\n");
}

/** What {@link parseTransparency} returns: never an exception. */
export type ParseTransparencyResult =
  | { kind: "data"; data: TransparencyData }
  | { kind: "error"; line: number; col: number; message: string };

/**
 * Reads the data file (an organiser may have edited it). Never throws; a problem comes with its line
 * and column. A count below the threshold is an error: the block would otherwise publish it.
 *
 * @param text - the file's text
 */
export function parseTransparency(text: string): ParseTransparencyResult {
  try {
    const document = loadYamlLibrary().parseDocument(text, { prettyErrors: false });
    const [problem] = document.errors;
    if (problem) {
      const at = problem.linePos?.[0] ?? { line: 1, col: 1 };
      return { kind: "error", line: at.line, col: at.col, message: problem.message.split("\n")[0] ?? "" };
    }
    const parsed = transparencySchema.safeParse(document.toJS());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path ?? [];
      const node = document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      const at = positionOf(text, node?.range?.[0] ?? 0);
      return { kind: "error", ...at, message: `${path.join(".") || "the file"}: ${issue?.message}` };
    }
    const { data } = parsed;
    const small = [...data.categories, ...data.outcomes].find((row) => row.count < data.threshold);
    const smallOther = [data.other_categories, data.other_outcomes, data.total].find(
      (value) => value !== null && value < data.threshold,
    );
    if (small || smallOther !== undefined) {
      return {
        kind: "error",
        line: 1,
        col: 1,
        message: `a count below the threshold (${data.threshold}) would be published; write the file again from the desk`,
      };
    }
    return { kind: "data", data };
  } catch (error) {
    return { kind: "error", line: 1, col: 1, message: (error as Error).message };
  }
}

function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The fix for any problem with the data file. */
const TRANSPARENCY_FIX =
  "Write it again from the desk's Transparency tab (npx confide desk), or delete it until the figures are ready.";

/**
 * The problems of the data file as `confide check` and the build print them (file:line:col), or none
 * when the file is missing (no figures yet) or sound.
 *
 * @param text - the file's text, or null when there is no such file
 */
export function transparencyDiagnostics(text: string | null): Diagnostic[] {
  if (text === null) return [];
  const parsed = parseTransparency(text);
  if (parsed.kind === "data") return [];
  return [
    {
      file: TRANSPARENCY_FILE,
      line: parsed.line,
      col: parsed.col,
      severity: "error",
      message: `The transparency figures cannot be published: ${parsed.message}.`,
      fix: TRANSPARENCY_FIX,
    },
  ];
}
