import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/check/diagnostic.ts";
import type { PageSource } from "../../src/content/check-pages.ts";
import { DATA_FILES, pageUrl, validateContent } from "../../src/content/validate-content.ts";
import { EXAMPLE_CONTENT, EXAMPLE_TRANSLATIONS, lineOf, NOW } from "../helpers/content-folder.ts";

// validateContent is pure apart from the reader it is given: these tests give it the example's files
// from memory, changed one at a time, and look at the content and the diagnostics it returns.

/** Every file of the example content folder, by path relative to it. */
async function exampleFiles(): Promise<Map<string, string>> {
  const entries = await readdir(EXAMPLE_CONTENT, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const entry of entries.filter((e) => e.isFile())) {
    const path = join(entry.parentPath, entry.name);
    files.set(relative(EXAMPLE_CONTENT, path).split(sep).join("/"), await readFile(path, "utf8"));
  }
  return files;
}

const EXAMPLE = await exampleFiles();

/** Validates the example with files replaced (string) or removed (null). */
function validate(changes: Record<string, string | null> = {}) {
  const files = new Map(EXAMPLE);
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) files.delete(path);
    else files.set(path, text);
  }
  const pages: PageSource[] = [...files]
    .filter(([path]) => path.endsWith(".md"))
    .map(([file, text]) => ({ file, text }));
  return validateContent({
    readFile: async (path) => files.get(path) ?? null,
    pages,
    translations: [...EXAMPLE_TRANSLATIONS],
    now: NOW,
  });
}

const errors = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity === "error");

describe("validateContent", () => {
  it("accepts the example: its data, its languages and which page is which in every language", async () => {
    const { content, diagnostics } = await validate();
    expect(errors(diagnostics)).toEqual([]);
    expect(content?.languages.map((l) => l.tag)).toEqual(["en-GB", "ar", "es"]);
    expect(content?.responders.map((r) => r.id)).toEqual(expect.arrayContaining(["ada", "tomas", "mei"]));
    expect(content?.pageLanguages["/report/"]).toEqual([
      { tag: "en-GB", url: "/report/" },
      { tag: "ar", url: "/ar/report/" },
      { tag: "es", url: "/es/report/" },
    ]);
  });

  it("reports a missing data file at its first line, and returns no content", async () => {
    const { content, diagnostics } = await validate({ [DATA_FILES.report]: null });
    expect(content).toBeNull();
    expect(errors(diagnostics)).toEqual([
      expect.objectContaining({
        file: "_data/report.yaml",
        line: 1,
        col: 1,
        message: "_data/report.yaml is missing.",
      }),
    ]);
  });

  it("points at a placeholder left in a data file, by line and column", async () => {
    const site = EXAMPLE.get(DATA_FILES.site) ?? "";
    const changed = site.replace(/^(\s*name: ).*$/m, "$1TODO");
    const { content, diagnostics } = await validate({ [DATA_FILES.site]: changed });
    expect(content).toBeNull();
    const [problem] = errors(diagnostics);
    expect(problem?.file).toBe("_data/site.yaml");
    expect(problem?.line).toBe(lineOf(changed, "TODO"));
    expect(problem?.message).toContain('still holds the placeholder "TODO"');
  });

  it("refuses a page moved away from an address the generated parts link to, naming the file", async () => {
    const report = EXAMPLE.get("report.md") ?? "";
    const moved = report.replace(/^permalink: .*$/m, "permalink: /send/");
    expect(moved).not.toBe(report);
    const { content, diagnostics } = await validate({ "report.md": moved });
    expect(content).toBeNull();
    expect(errors(diagnostics)).toContainEqual(
      expect.objectContaining({
        file: "report.md",
        message: expect.stringContaining("No page has the address /report/, but the menu of ways to report"),
      }),
    );
    // … and every page that links there is named too.
    expect(
      errors(diagnostics).filter((d) => d.message.includes("The link to /report/ leads nowhere")).length,
    ).toBeGreaterThan(0);
  });

  it("refuses a translation folder whose name is not a language tag", async () => {
    const files = new Map(EXAMPLE);
    const { diagnostics } = await validateContent({
      readFile: async (path) => files.get(path.replace(/^spanish\//, "es/")) ?? null,
      pages: [...files]
        .filter(([path]) => path.endsWith(".md") && !path.startsWith("es/"))
        .map(([file, text]) => ({ file, text })),
      translations: ["ar", "spanish"],
      now: NOW,
    });
    expect(errors(diagnostics)).toEqual([
      expect.objectContaining({
        file: "spanish/_data/ui.yaml",
        message: expect.stringContaining("its name must be a language tag"),
      }),
    ]);
  });

  it("warns, without failing, when a translation lacks a page", async () => {
    const { content, diagnostics } = await validate({ "es/responder-guide.md": null });
    expect(content).not.toBeNull();
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        file: "responder-guide.md",
        severity: "warning",
        message: expect.stringContaining("(es/responder-guide.md)"),
      }),
    );
  });

  it("gives a page its permalink, or the address Eleventy would", () => {
    expect(pageUrl({ file: "es/code-of-conduct.md", text: "---\ntitle: x\n---\n" })).toBe(
      "/es/code-of-conduct/",
    );
    expect(pageUrl({ file: "report.md", text: "---\npermalink: /report/index.html\n---\n" })).toBe(
      "/report/",
    );
  });

  it("issue 14: refuses {% report_form %} on a site without `form:`, at the tag in every language, and takes a site with neither", async () => {
    const site = (EXAMPLE.get(DATA_FILES.site) ?? "").replace(/^form:\n(?: {2}.*\n)+/m, "");
    const { content, diagnostics } = await validate({ [DATA_FILES.site]: site });
    expect(content).toBeNull();
    const forms = errors(diagnostics).filter((d) =>
      d.message.startsWith("{% report_form %} would show a form that cannot send"),
    );
    expect(forms.map((d) => `${d.file}:${d.line}:${d.col}`).sort()).toEqual(
      ["ar/report.md", "es/report.md", "report.md"].map(
        (file) => `${file}:${lineOf(EXAMPLE.get(file) ?? "", "{% report_form %}")}:1`,
      ),
    );
    expect(forms[0]?.fix).toMatch(/^Add `form:` to _data\/site\.yaml/);
    const withoutForm = Object.fromEntries(
      ["report.md", "ar/report.md", "es/report.md"].map((file) => [
        file,
        (EXAMPLE.get(file) ?? "").replace("{% report_form %}\n", ""),
      ]),
    );
    expect(errors((await validate({ [DATA_FILES.site]: site, ...withoutForm })).diagnostics)).toEqual([]);
  });

  it("issue 14: refuses a second {% report_form %} on a page, which would take a report and send nothing", async () => {
    const report = `${EXAMPLE.get("report.md")}\n{% report_form %}\n`;
    const home = `${EXAMPLE.get("index.md")}\n{% report_form %}\n`;
    const { diagnostics } = await validate({ "report.md": report, "index.md": home });
    const seconds = errors(diagnostics).filter((d) => /second \{% report_form %\}/.test(d.message));
    expect(seconds.map((d) => `${d.file}:${d.line}:${d.col}`)).toEqual([
      `report.md:${lineOf(report, "{% report_form %}", 2)}:1`,
    ]);
    expect(seconds[0]?.message).toContain(`(the first is on line ${lineOf(report, "{% report_form %}")})`);
  });
});
