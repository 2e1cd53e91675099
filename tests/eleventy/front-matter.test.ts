import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import matter from "gray-matter";
import { afterAll, describe, expect, it } from "vitest";
import { splitFrontMatter } from "../../src/content/front-matter.ts";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import frontMatterPlugin, {
  frontMatterEngine,
  yamlOfGrayMatterCut,
} from "../../src/eleventy/front-matter.ts";

/** The text Eleventy's gray-matter hands its YAML engine for a page. */
function grayMatterCut(page: string): string {
  let cut: string | undefined;
  const engine = (text: string) => {
    cut = text;
    return {};
  };
  matter(page, { engines: { yaml: engine } });
  if (cut === undefined) throw new Error("gray-matter found no front matter");
  return cut;
}

describe("yamlOfGrayMatterCut", () => {
  it.each([
    ["Unix line endings", "---\ntitle: Venue\nnav:\n  label: Venue\n  order: 2\n---\n\nBody\n"],
    [
      "Windows line endings",
      "---\r\ntitle: Venue\r\nnav:\r\n  label: Venue\r\n  order: 2\r\n---\r\n\r\nBody\r\n",
    ],
    ["a body right after the closing line", "---\ntitle: Venue\n---\nBody\n"],
  ])("issue 11: gives the text the checks read, so Eleventy reuses their parse (%s)", (_, page) => {
    expect(yamlOfGrayMatterCut(grayMatterCut(page))).toBe(splitFrontMatter(page).frontMatter);
  });
});

describe("frontMatterEngine", () => {
  it("gives Eleventy a copy of the data, so what Eleventy adds stays out of the shared one", () => {
    const first = frontMatterEngine("\ntitle: Venue\nfooter: Venue");
    expect(first).toEqual({ title: "Venue", footer: "Venue" });
    first.page = { excerpt: "added" };
    expect(frontMatterEngine("\ntitle: Venue\nfooter: Venue")).toEqual({ title: "Venue", footer: "Venue" });
  });

  it("names the file, line and column of a YAML mistake, counting the opening --- line", () => {
    expect(() =>
      frontMatterEngine("\ntitle: Venue\ndescription: Where: and when", { filePath: "./content/venue.md" }),
    ).toThrow(/^\.\/content\/venue\.md:3:14: error: This is not valid YAML: .* Fix: /);
  });
});

describe("frontMatterPlugin in a real Eleventy build", () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  /** Renders one markdown page with Eleventy 3 and only this plugin. */
  async function render(page: string): Promise<string> {
    const input = await mkdtemp(join(tmpdir(), "confide-front-matter-"));
    folders.push(input);
    await mkdir(input, { recursive: true });
    await writeFile(join(input, "venue.md"), page);
    const eleventy = new Eleventy(input, join(input, "_site"), {
      configPath: false,
      quietMode: true,
      config: (config: unknown) => (config as EleventyConfig).addPlugin(frontMatterPlugin),
    });
    eleventy.disableLogger();
    const [rendered] = (await eleventy.toJSON()) as Array<{ content: string }>;
    return rendered?.content ?? "";
  }

  it("builds the page from the data the checks validated", async () => {
    expect(
      await render(
        "---\ntitle: Venue\nnav:\n  label: Where\n  order: 2\n---\n{{ title }} / {{ nav.label }} {{ nav.order }}\n",
      ),
    ).toBe("<p>Venue / Where 2</p>\n");
  });

  it("refuses a page whose front matter is not valid YAML, naming the place", async () => {
    const error = await render("---\ntitle: Venue: now\n---\nBody\n").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Having trouble reading front matter from template .*venue\.md/);
    expect(String((error as { originalError?: Error }).originalError?.message)).toMatch(
      /venue\.md:2:8: error: This is not valid YAML: /,
    );
  });
});
