/**
 * One problem found in the content folder, pinned to the file, line and column an organiser must edit.
 * Every check in Confide (YAML, roster, keys, pages) speaks this one shape, so the CLI, the build and
 * the tests print and compare problems the same way.
 */
export interface Diagnostic {
  /** Path relative to the content folder, with forward slashes (`_data/roster.yaml`). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  severity: "error" | "warning";
  /** What is wrong, in words an organiser understands. */
  message: string;
  /** What to do about it. */
  fix: string;
}

/** What is wrong with a value and how to fix it: a diagnostic before it is placed in a file. */
export type Problem = Pick<Diagnostic, "message" | "fix">;

/** A position in a file, 1-based. */
export interface Position {
  line: number;
  col: number;
}

/** The start of a file: where problems about a whole file are reported. */
export const START: Position = { line: 1, col: 1 };

/**
 * Formats a diagnostic as `file:line:col: severity: message Fix: …`, the shape editors and CI logs
 * turn into clickable links.
 *
 * @param diagnostic - the problem to print
 * @param root - a prefix for the file path, usually the content folder as the user named it
 */
export function formatDiagnostic(diagnostic: Diagnostic, root = ""): string {
  const path = root ? `${root.replace(/\/+$/, "")}/${diagnostic.file}` : diagnostic.file;
  return `${path}:${diagnostic.line}:${diagnostic.col}: ${diagnostic.severity}: ${diagnostic.message} Fix: ${diagnostic.fix}`;
}

/** Sorts diagnostics by file, then line, then column, so output is stable and reads top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

/** True when any diagnostic is an error (warnings alone do not stop a build). */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Thrown by the build when the content is invalid, after the build has printed every problem.
 * Programs that build in code read the problems from `diagnostics`.
 */
export class ContentError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[], root: string) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    super(
      `The content in ${root} has ${errors.length} problem${errors.length === 1 ? "" : "s"} (listed above); nothing was published.`,
    );
    this.name = "ContentError";
    this.diagnostics = diagnostics;
  }
}

/**
 * True for a {@link ContentError}, also when it comes from another copy of this module (Eleventy
 * imports the configuration through its own loader, so `instanceof` cannot be trusted across it).
 */
export function isContentError(error: unknown): error is ContentError {
  return (
    error instanceof Error &&
    error.name === "ContentError" &&
    Array.isArray((error as ContentError).diagnostics)
  );
}
