import { describe, expect, it } from "vitest";
import { templateDiagnostic } from "../../src/check/template-diagnostics.ts";
import { EmptyBlockError } from "../../src/site/procedure-blocks.ts";

// Issue 12: a template error becomes file:line:col with a fix, counted from the top of the file.

const PAGE =
  "---\ntitle: How to report\nnav:\n  label: How\n  order: 3\n---\n\nIntro.\n\nWe reply {{ x }}.\n";

/** An error shaped as Eleventy throws it: its wrapper, Liquid's error with the token, the cause. */
function eleventyError(cause: Error, position: [number, number], file = "content/reporting.md"): Error {
  const liquid = Object.assign(new Error(`${cause.message}, line:${position[0]}, col:${position[1]}`), {
    name: "RenderError",
    token: { getPosition: () => position, getText: () => "{{ x }}", file },
    originalError: cause,
  });
  return Object.assign(new Error(`Having trouble rendering liquid template ${file}`), {
    name: "TemplateContentRenderError",
    originalError: liquid,
  });
}

const diagnose = (error: unknown) =>
  templateDiagnostic({
    error,
    contentDir: "/project/content",
    cwd: "/project",
    readPage: (file) => (file === "reporting.md" ? PAGE : null),
  });

const undefinedVariable = (name: string) =>
  Object.assign(new Error(`undefined variable: ${name}`), {
    name: "InternalUndefinedVariableError",
    variableName: name,
  });

describe("a template error as a diagnostic", () => {
  it("pins a block that would print an empty list to its line in the file, front matter counted", () => {
    const cause = new EmptyBlockError("{% direct_contacts %} would print an empty list.", "Add an email.");
    expect(diagnose(eleventyError(cause, [4, 1]))).toEqual({
      file: "reporting.md",
      line: 10,
      col: 1,
      severity: "error",
      message: "{% direct_contacts %} would print an empty list.",
      fix: "Add an email.",
    });
  });

  it("tells a setting the site left out from a misspelt one and from a missing site.", () => {
    expect(diagnose(eleventyError(undefinedVariable("site.event.dates"), [4, 13]))).toMatchObject({
      line: 10,
      col: 13,
      message: expect.stringContaining("site.yaml does not set event.dates"),
      fix: expect.stringContaining("{% if site.event.dates %}"),
    });
    expect(diagnose(eleventyError(undefinedVariable("site.event.date"), [4, 13]))).toMatchObject({
      message: "{{ site.event.date }} names a setting that does not exist.",
      fix: "Did you mean {{ site.event.dates }}?",
    });
    expect(diagnose(eleventyError(undefinedVariable("follow_up"), [4, 13]))).toMatchObject({
      message: "{{ follow_up }} is not something a page can print.",
      fix: expect.stringMatching(/^Did you mean \{\{ site\.follow_up \}\}\?/),
    });
  });

  it("reports any other Liquid error at its place, without Liquid's position suffix", () => {
    const cause = Object.assign(new Error('filter "upcase2" not found'), { name: "UndefinedFilterError" });
    expect(diagnose(eleventyError(cause, [4, 11]))).toMatchObject({
      line: 10,
      col: 11,
      message: 'This page cannot be rendered: filter "upcase2" not found.',
    });
  });

  it("leaves an error that names no page to the caller (a bug in Confide, whose stack helps)", () => {
    expect(diagnose(new TypeError("x is not a function"))).toBeNull();
  });
});
