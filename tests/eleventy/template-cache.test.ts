import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import templateCachePlugin from "../../src/eleventy/template-cache.ts";

let input: string;
beforeAll(async () => {
  input = await mkdtemp(join(tmpdir(), "confide-template-cache-"));
  await mkdir(join(input, "_includes"));
  // The layout calls a shortcode: what a compiled layout binds to the build that compiled it.
  await writeFile(
    join(input, "_includes/base.liquid"),
    '<main data-build="{% build_name %}">{{ content }}</main>',
  );
  await writeFile(join(input, "index.md"), "First text\n");
  await writeFile(join(input, "about.md"), "About\n");
});
afterAll(async () => {
  await rm(input, { recursive: true, force: true });
});

/** Builds the folder in memory with this plugin and a `build_name` shortcode of its own; pages by address. */
async function build(name: string, templateDirs: readonly string[] = [input]): Promise<Map<string, string>> {
  const eleventy = new Eleventy(input, join(input, "_site"), {
    configPath: false,
    quietMode: true,
    config: (config: unknown) => {
      const eleventyConfig = config as EleventyConfig & {
        addShortcode(name: string, fn: () => string): void;
      };
      eleventyConfig.addShortcode("build_name", () => name);
      eleventyConfig.addPlugin(templateCachePlugin, { templateDirs, layout: "base.liquid" });
    },
  });
  eleventy.disableLogger();
  const pages = (await eleventy.toJSON()) as Array<{ url: string; content: string }>;
  return new Map(pages.map((page) => [page.url, page.content]));
}

describe("templateCachePlugin", () => {
  it("wraps every page in the layout without a layout in any page's front matter", async () => {
    const pages = await build("first");
    expect(pages.get("/")).toBe('<main data-build="first"><p>First text</p>\n</main>');
    expect(pages.get("/about/")).toBe('<main data-build="first"><p>About</p>\n</main>');
  });

  it("renders a second build in the same process with its own shortcodes, not the first build's", async () => {
    await build("one");
    const second = await build("two");
    expect(second.get("/"), "the layout compiled by the first build was reused").toContain(
      'data-build="two"',
    );
    expect(second.get("/about/")).toContain('data-build="two"');
  });

  it("keeps two builds' layouts apart by name alone, when the layout's file is not re-read", async () => {
    await build("three", []);
    const fourth = await build("four", []);
    expect(fourth.get("/"), "the layout compiled by the previous build was reused").toContain(
      'data-build="four"',
    );
  });

  it("reads a page edited between two builds in the same process again", async () => {
    await build("before");
    await writeFile(join(input, "index.md"), "Edited text\n");
    const after = await build("after");
    expect(after.get("/")).toBe('<main data-build="after"><p>Edited text</p>\n</main>');
  });
});
