import { describe, expect, it } from "vitest";
import { checkPage } from "../../src/content/check-pages.ts";
import { SHORTCODES } from "../../src/content/validate-content.ts";
import { procedureBlocks } from "../../src/site/procedure-blocks.ts";

const knownUrls = new Set(["/", "/reporting/", "/report/", "/keys/ada.asc"]);
const data = { site: { alias: { email: "conduct@example.org" }, event: { name: "X" } } };
const run = (text: string) =>
  checkPage({ page: { file: "reporting.md", text }, knownUrls, data, shortcodes: SHORTCODES });

describe("page checks", () => {
  it("accepts links to known pages, anchors, known settings and shortcodes", () => {
    const text =
      "---\ntitle: Report\n---\nSee [the form](/report/#top) or [home](/).\nWrite to {{ site.alias.email }}.\n\n{% emergency_numbers %}\n";
    expect(run(text)).toEqual([]);
  });

  it("reports a link to a page that does not exist, at its line and column", () => {
    const text =
      "---\ntitle: Report\n---\n\nRead the [procedure for incident response](/enforcement-procedures).\n";
    expect(run(text)).toEqual([
      expect.objectContaining({
        line: 5,
        col: 42,
        message: "The link to /enforcement-procedures leads nowhere: no page has that address.",
      }),
    ]);
  });

  it("reports placeholder text in a page", () => {
    const [problem] = run("---\ntitle: Report\n---\n- TODO\n  - Organiser\n");
    expect(problem).toMatchObject({
      line: 4,
      col: 3,
      message: 'Placeholder text "TODO" would be published.',
    });
  });

  it('takes placeholder markers in capitals only, so that Spanish and Portuguese "todo" is a word', () => {
    expect(run("Queremos un buen lugar para todo el mundo.\n")).toEqual([]);
    expect(run("- todo: fix\n- TODO\n")).toEqual([
      expect.objectContaining({ line: 2, col: 3, message: 'Placeholder text "TODO" would be published.' }),
    ]);
  });

  it("reports a setting that does not exist, such as a typo in site.alias", () => {
    const [problem] = run("Email {{ site.alais.email }} today.\n");
    expect(problem).toMatchObject({
      line: 1,
      col: 7,
      message: "{{ site.alais.email }} names a setting that does not exist.",
    });
  });

  it("reports an unknown tag", () => {
    const [problem] = run("{% emergency_number %}\n");
    expect(problem?.message).toBe("{% emergency_number %} is not a tag Confide knows.");
  });

  it("reports malformed front matter at the right line", () => {
    const [problem] = run("---\ntitle: Report: now\n---\nHello\n");
    expect(problem).toMatchObject({ line: 2, message: expect.stringMatching(/not valid YAML/) });
  });

  it("reports a menu entry without its label or order", () => {
    const [problem] = run("---\ntitle: Report\nnav: Report\n---\nHello\n");
    expect(problem).toMatchObject({
      line: 3,
      col: 1,
      message: '"nav" needs a label (the menu text) and an order (its place in the menu, a number).',
    });
  });

  it("ignores links inside fenced code", () => {
    expect(run("```sh\ncurl [x](/nowhere)\n```\n")).toEqual([]);
  });

  it("knows exactly the shortcodes the build registers", () => {
    expect([...SHORTCODES].sort()).toEqual(
      [...Object.keys(procedureBlocks), "report_form", "transparency_report"].sort(),
    );
  });
});
