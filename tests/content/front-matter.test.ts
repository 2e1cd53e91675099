import { describe, expect, it } from "vitest";
import { readFrontMatterText, splitFrontMatter } from "../../src/content/front-matter.ts";
import { listPages } from "../../src/content/load-content.ts";
import { siteWithPages } from "../helpers/generated-sites.ts";
import { checkCountingYamlParses } from "../helpers/yaml-parses.ts";

describe("splitFrontMatter", () => {
  it("cuts the YAML between the --- lines and says on which line the body starts", () => {
    expect(splitFrontMatter("---\ntitle: A\nnav:\n  label: A\n---\n\nBody\n")).toEqual({
      frontMatter: "title: A\nnav:\n  label: A",
      body: "\nBody\n",
      bodyLine: 6,
    });
  });

  it("reads a file with Windows line endings the same way", () => {
    expect(splitFrontMatter("---\r\ntitle: A\r\n---\r\nBody\r\n")).toEqual({
      frontMatter: "title: A",
      body: "Body\r\n",
      bodyLine: 4,
    });
  });

  it("finds no front matter in a page that does not start with ---", () => {
    expect(splitFrontMatter("Hello\n---\ntitle: A\n---\n")).toEqual({
      frontMatter: null,
      body: "Hello\n---\ntitle: A\n---\n",
      bodyLine: 1,
    });
  });
});

describe("readFrontMatterText", () => {
  it("issue 11: reads the same text once, and gives every reader the same frozen data", () => {
    const yaml = "title: Venue\nnav:\n  label: Venue\n  order: 4";
    const first = readFrontMatterText({ yaml });
    expect(first.data).toEqual({ title: "Venue", nav: { label: "Venue", order: 4 } });
    expect(first.problems).toEqual([]);
    expect(readFrontMatterText({ yaml })).toBe(first);
    expect(Object.isFrozen(first.data)).toBe(true);
    expect(Object.isFrozen(first.data?.nav)).toBe(true);
  });

  it("reports a YAML mistake at its line and column in the front matter, with no data", () => {
    const { data, problems } = readFrontMatterText({ yaml: "title: Venue\ndescription: Where: and when" });
    expect(data).toBeNull();
    expect(problems).toEqual([
      expect.objectContaining({
        line: 2,
        col: 14,
        severity: "error",
        message: expect.stringMatching(/not valid YAML/),
      }),
    ]);
  });

  it("reports fields the schema does not know at their line, and keeps the data", () => {
    const { data, problems } = readFrontMatterText({ yaml: "title: Venue\n\nsumary: Where we meet" });
    expect(data).toEqual({ title: "Venue", sumary: "Where we meet" });
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, col: 1, message: 'Unknown field "sumary".' }),
    ]);
  });

  it("gives no data for front matter that is not a list of fields", () => {
    const { data, problems } = readFrontMatterText({ yaml: "- title\n- Venue" });
    expect(data).toBeNull();
    expect(problems.length).toBeGreaterThan(0);
  });

  it("rejects an unknown option", () => {
    expect(() => readFrontMatterText({ yaml: "title: A", file: "a.md" } as never)).toThrow(
      /readFrontMatterText: unknown option file/,
    );
  });
});

// Counted from outside the process with V8 coverage (tests/helpers/yaml-parses.ts): every YAML
// document parsed by any library, ours or Eleventy's. Two checks of the same generated site, without
// and with 20 more pages: the pages' difference is all front matter.
describe("issue 11: confide check parses each source's front matter once", { timeout: 180_000 }, () => {
  it("parses 20 added pages exactly 20 times, all in Confide's reader, none in Eleventy's gray-matter", async () => {
    const counted = async (pages: number) => {
      const site = await siteWithPages({ pages });
      try {
        const run = await checkCountingYamlParses({ contentDir: site.dir });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        return { ...run.parses, sources: (await listPages(site.dir)).length };
      } finally {
        await site.cleanup();
      }
    };
    const without = await counted(0);
    const with20 = await counted(20);

    expect(with20.sources - without.sources).toBe(20);
    expect(with20.total - without.total, "YAML parses the 20 pages added, whoever made them").toBe(20);
    for (const run of [without, with20]) {
      expect(run.frontMatter, "front matters parsed by Confide's reader: one per source").toBe(run.sources);
      expect(run.jsYaml, "front matters Eleventy's gray-matter parsed itself").toBe(0);
    }
  });
});
