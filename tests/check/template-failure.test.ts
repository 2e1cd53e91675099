import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Liquid } from "liquidjs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ContentError } from "../../src/check/diagnostic.ts";
import { templateFailure } from "../../src/check/template-failure.ts";

// The page as an organiser wrote it: five lines of front matter, then the body Liquid renders.
const PAGE = "---\ntitle: How to report\n---\n\nWe reply {{ site.follow_upp }}.\n";
const BODY = PAGE.slice(PAGE.indexOf("---\n", 4) + 4);

let cwd = "";
let contentDir = "";

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "confide-template-failure-"));
  contentDir = join(cwd, "content");
  await mkdir(contentDir);
  await writeFile(join(contentDir, "reporting.md"), PAGE);
});
afterAll(() => rm(cwd, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** What Eleventy throws when Liquid fails on a page: its wrapper around liquidjs's own error. */
function renderFailure(template: string, page = "content/reporting.md"): Error {
  let liquidError: unknown;
  try {
    new Liquid({ strictVariables: true }).parseAndRenderSync(template, { site: {} });
  } catch (error) {
    liquidError = error;
  }
  if (!liquidError) throw new Error("the template rendered");
  return Object.assign(new Error(`Having trouble rendering liquid template ${page}`), {
    name: "TemplateContentRenderError",
    originalError: liquidError,
  });
}

describe("templateFailure", () => {
  it("turns a page's template error into a ContentError holding the diagnostic at the line in the file", () => {
    const failure = templateFailure({ error: renderFailure(BODY), contentDir, cwd, print: false });
    expect(failure).toBeInstanceOf(ContentError);
    const { diagnostics, message } = failure as ContentError;
    expect(diagnostics).toEqual([
      {
        file: "reporting.md",
        line: 5,
        col: 13,
        severity: "error",
        message: "{{ site.follow_upp }} names a setting that does not exist.",
        fix: expect.stringMatching(/^Did you mean \{\{ site\.follow_up \}\}\?/),
      },
    ]);
    expect(message).toBe(`The content in ${contentDir} has 1 problem (listed above); nothing was published.`);
  });

  it("prints the diagnostic once on stderr as file:line:col when asked, and nothing when not", () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    templateFailure({ error: renderFailure(BODY), contentDir, cwd, print: false });
    expect(printed).not.toHaveBeenCalled();
    templateFailure({ error: renderFailure(BODY), contentDir, cwd, print: true });
    expect(printed).toHaveBeenCalledTimes(1);
    expect(String(printed.mock.calls[0]?.[0])).toMatch(
      new RegExp(
        `^${contentDir}/reporting\\.md:5:13: error: \\{\\{ site\\.follow_upp \\}\\} names a setting`,
      ),
    );
  });

  it("gives back a ContentError it is handed, or finds inside Eleventy's wrapper, unchanged and unprinted", () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const content = new ContentError([], contentDir);
    expect(templateFailure({ error: content, contentDir, cwd, print: true })).toBe(content);
    const wrapped = Object.assign(new Error("wrapped"), { originalError: content });
    expect(templateFailure({ error: wrapped, contentDir, cwd, print: true })).toBe(content);
    expect(printed).not.toHaveBeenCalled();
  });

  it("gives back an error that is not about a page as it is, so its stack trace shows the bug", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(templateFailure({ error: bug, contentDir, cwd, print: true })).toBe(bug);
    expect(templateFailure({ error: "a string", contentDir, cwd, print: false })).toBe("a string");
  });

  it("still places the error when the page cannot be read, at the line Liquid gives", () => {
    const failure = templateFailure({
      error: renderFailure("{% nope %}", "content/gone.md"),
      contentDir,
      cwd,
      print: false,
    }) as ContentError;
    expect(failure.diagnostics).toMatchObject([
      { file: "gone.md", line: 1, col: 1, message: expect.stringContaining('tag "nope" not found') },
    ]);
  });
});
