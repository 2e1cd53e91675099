import { describe, expect, it } from "vitest";
import {
  ContentError,
  type Diagnostic,
  formatDiagnostic,
  hasErrors,
  isContentError,
  sortDiagnostics,
} from "../../src/check/diagnostic.ts";

const at = (
  file: string,
  line: number,
  col: number,
  severity: Diagnostic["severity"] = "error",
): Diagnostic => ({
  file,
  line,
  col,
  severity,
  message: `problem in ${file}`,
  fix: "Fix it.",
});

describe("diagnostics", () => {
  it("print as file:line:col: severity: message Fix: …, under the folder the user named", () => {
    expect(formatDiagnostic(at("_data/roster.yaml", 14, 5), "content/")).toBe(
      "content/_data/roster.yaml:14:5: error: problem in _data/roster.yaml Fix: Fix it.",
    );
    expect(formatDiagnostic(at("index.md", 1, 1, "warning"))).toBe(
      "index.md:1:1: warning: problem in index.md Fix: Fix it.",
    );
  });

  it("sort by file, line and column, and count as failing only with an error", () => {
    const sorted = sortDiagnostics([at("b", 1, 1), at("a", 2, 1), at("a", 1, 9), at("a", 1, 2)]);
    expect(sorted.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual(["a:1:2", "a:1:9", "a:2:1", "b:1:1"]);
    expect(hasErrors([at("a", 1, 1, "warning")])).toBe(false);
    expect(hasErrors([at("a", 1, 1, "warning"), at("a", 2, 1)])).toBe(true);
  });

  it("travel in a ContentError that counts only the errors, recognised across module copies", () => {
    const error = new ContentError([at("a", 1, 1), at("b", 1, 1, "warning")], "content");
    expect(error.message).toBe("The content in content has 1 problem (listed above); nothing was published.");
    expect(isContentError(error)).toBe(true);
    const copy = Object.assign(new Error("x"), { name: "ContentError", diagnostics: [] });
    expect(isContentError(copy)).toBe(true);
    expect(isContentError(new Error("x"))).toBe(false);
  });
});
