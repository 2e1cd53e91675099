import { describe, expect, it } from "vitest";
import { checkPage, readFrontMatter } from "../../src/content/check-pages.ts";
import { readFrontMatterText } from "../../src/content/front-matter.ts";
import { SHORTCODES } from "../../src/content/validate-content.ts";
import { procedureBlocks } from "../../src/site/procedure-blocks.ts";
import { siteSchema } from "../../src/site/site-schema.ts";

const knownUrls = new Set(["/", "/reporting/", "/report/", "/keys/ada.asc"]);
const schemas = { site: siteSchema };
const page = (body: string) => `---\ntitle: Report\n---\n${body}`;
const run = (text: string) =>
  checkPage({ page: { file: "reporting.md", text }, knownUrls, schemas, shortcodes: SHORTCODES });

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

  it("issue 14: suggests the nearest address for a typo, else the pages of the link's own language only", () => {
    const known = new Set([
      "/",
      "/report/",
      "/reporting/",
      "/responders/",
      "/responders/ada/",
      "/es/",
      "/es/report/",
    ]);
    const fixOf = (link: string) =>
      checkPage({
        page: { file: "faq.md", text: `---\ntitle: FAQ\n---\n\n[x](${link})\n` },
        knownUrls: known,
        schemas: {},
        shortcodes: new Set(),
        languagePrefixes: ["/es"],
        unsuggested: new Set(["/responders/ada/"]),
      })[0]?.fix;
    expect(fixOf("/reportng/")).toBe(
      "Did you mean /reporting/? Otherwise link to a page the site has, or create one at /reportng/.",
    );
    expect(fixOf("/schedule-of-talks/")).toBe(
      "Link to one of these pages (/, /report/, /reporting/, /responders/), or create one at /schedule-of-talks/.",
    );
    expect(fixOf("/es/procedimiento-completo/")).toBe(
      "Link to one of these pages (/es/, /es/report/), or create one at /es/procedimiento-completo/.",
    );
    expect(fixOf("/es/reporting/")).toBe(
      "The page exists untranslated at /reporting/: translate it into es/ to make /es/reporting/, or link to /reporting/.",
    );
    expect(fixOf("/es/reprt/")).toBe(
      "Did you mean /es/report/? Otherwise link to a page the site has, or create one at /es/reprt/.",
    );
  });

  it("issue 14: takes only the site's translations for languages, not a page whose name looks like one", () => {
    const fixOf = (link: string) =>
      checkPage({
        page: { file: "index.md", text: `---\ntitle: Home\n---\n\n[x](${link})\n` },
        knownUrls: new Set(["/", "/faq/", "/conduct/"]),
        schemas: {},
        shortcodes: new Set(),
        languagePrefixes: [],
      })[0]?.fix;
    // "faq" is three letters, as a language tag is: it is a page here, not a translation.
    expect(fixOf("/faq/conduct/")).not.toMatch(/untranslated|translate it into/);
    expect(fixOf("/faq/conduct/")).toMatch(/^Did you mean|^Link to one of these pages/);
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
    expect(run(page("Queremos un buen lugar para todo el mundo.\n"))).toEqual([]);
    expect(run(page("- todo: fix\n- TODO\n"))).toEqual([
      expect.objectContaining({ line: 5, col: 3, message: 'Placeholder text "TODO" would be published.' }),
    ]);
  });

  it("reports a setting that does not exist, such as a typo in site.alias", () => {
    const [problem] = run(page("Email {{ site.alais.email }} today.\n"));
    expect(problem).toMatchObject({
      line: 4,
      col: 7,
      message: "{{ site.alais.email }} names a setting that does not exist.",
      fix: expect.stringContaining("Did you mean {{ site.alias }}?"),
    });
  });

  it("issue 12: takes an optional setting the site leaves out for a setting, not a typo", () => {
    expect(run(page("**When:** {{ site.event.dates }}\n\n{{ site.on_site.where }}\n"))).toEqual([]);
    expect(run(page("{{ site.event.date }}\n"))[0]?.fix).toMatch(/Did you mean \{\{ site\.event\.dates \}\}/);
  });

  it("issue 12: reports an unclosed {{ or {% where it was left open, not at a later tag", () => {
    const text = page(
      "We reply {{ site.follow_up }.\n\n{% alias_readers\n\nText.\n\n{% report_recipients %}\n",
    );
    expect(run(text)).toEqual([
      expect.objectContaining({ line: 4, col: 10, message: expect.stringMatching(/never closed/) }),
      expect.objectContaining({ line: 6, col: 1, message: expect.stringMatching(/never closed/) }),
    ]);
  });

  it("issue 12: reports a misspelt front matter key with the key it resembles", () => {
    expect(run("---\ntitel: Report\n---\nHello\n")).toEqual([
      expect.objectContaining({ line: 2, message: 'Missing field "title".' }),
      expect.objectContaining({
        line: 2,
        col: 1,
        message: 'Unknown field "titel".',
        fix: expect.stringMatching(/Did you mean "title"/),
      }),
    ]);
  });

  it("issue 12: reports a second main heading, which would give the page two <h1>", () => {
    expect(run(page("Intro.\n\n# Procedures\n\n```sh\n# a comment\n```\n"))).toEqual([
      expect.objectContaining({ line: 6, col: 1, message: expect.stringMatching(/second main heading/) }),
    ]);
  });

  it("issue 12: reports a page without front matter, which would have no heading", () => {
    expect(run("Hello\n")).toEqual([
      expect.objectContaining({ line: 1, message: expect.stringMatching(/no front matter/) }),
    ]);
  });

  it("reports an unknown tag", () => {
    const [problem] = run(page("{% emergency_number %}\n"));
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
      col: 6,
      message: '"nav" should be a group of fields, not the text "Report".',
    });
  });

  it("ignores links inside fenced code", () => {
    expect(run(page("```sh\ncurl [x](/nowhere)\n```\n"))).toEqual([]);
  });

  it("knows exactly the shortcodes the build registers", () => {
    expect([...SHORTCODES].sort()).toEqual(
      [...Object.keys(procedureBlocks), "report_form", "transparency_report"].sort(),
    );
  });
});

describe("readFrontMatter", () => {
  it("issue 11: gives the data of the one reader, however often the checks ask for it", () => {
    const page = { file: "guide.md", text: "---\ntitle: Guide\npermalink: /guide/\n---\n\nText.\n" };
    const first = readFrontMatter(page);
    expect(first).toEqual({ title: "Guide", permalink: "/guide/" });
    expect(readFrontMatter(page)).toBe(first);
    expect(first).toBe(readFrontMatterText({ yaml: "title: Guide\npermalink: /guide/" }).data);
  });

  it("gives an empty object for a page without front matter or with broken YAML", () => {
    expect(readFrontMatter({ file: "a.md", text: "Hello\n" })).toEqual({});
    expect(readFrontMatter({ file: "b.md", text: "---\ntitle: a: b\n---\n" })).toEqual({});
  });
});
