import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Eleventy from "@11ty/eleventy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderSite } from "../../src/build/build-site.ts";
import { createSiteConfig } from "../../src/build/site-config.ts";
import { contentFolder, EXAMPLE_CONTENT, PROJECT_ROOT } from "../helpers/content-folder.ts";

const MEETUP = join(PROJECT_ROOT, "tests/fixtures/sites/meetup");

/** Builds with the factory alone, the way Eleventy's own tests build a site in code. */
async function build(options: Parameters<typeof createSiteConfig>[0]): Promise<void> {
  const eleventy = new Eleventy(options.contentDir, options.outDir, {
    configPath: false,
    quietMode: true,
    config: createSiteConfig(options) as (eleventyConfig: unknown) => void,
  });
  eleventy.disableLogger();
  await eleventy.write();
}

describe("issue 11: two different builds in one process at the same time", () => {
  const example = { out: "", builtAt: new Date("2027-01-15T08:00:00Z") };
  const meetup = { out: "", builtAt: new Date("2027-02-01T10:30:00Z") };
  const saved = process.env.CONFIDE_CONTENT;

  beforeAll(async () => {
    example.out = await mkdtemp(join(tmpdir(), "confide-site-"));
    meetup.out = await mkdtemp(join(tmpdir(), "confide-site-"));
    // The factory reads no environment: a wrong folder here must change nothing.
    process.env.CONFIDE_CONTENT = "/nonexistent/content";
    try {
      await Promise.all([
        build({ contentDir: EXAMPLE_CONTENT, outDir: example.out, builtAt: example.builtAt }),
        build({
          contentDir: MEETUP,
          outDir: meetup.out,
          builtAt: meetup.builtAt,
          formEndpoint: "same-origin",
        }),
      ]);
    } finally {
      if (saved === undefined) delete process.env.CONFIDE_CONTENT;
      else process.env.CONFIDE_CONTENT = saved;
    }
  });
  afterAll(async () => {
    await rm(example.out, { recursive: true, force: true });
    await rm(meetup.out, { recursive: true, force: true });
  });

  it("writes each site's own content into its own folder", async () => {
    expect(await readFile(join(example.out, "index.html"), "utf8")).toContain("Tidewater Tech Days 2027");
    expect(await readFile(join(meetup.out, "index.html"), "utf8")).toContain("Kallio Python Meetup");
    expect(await readFile(join(meetup.out, "index.html"), "utf8")).not.toContain("Tidewater");
  });

  it("gives each build its own instant and form endpoint, in its manifest and its report page", async () => {
    const manifest = async (out: string) =>
      JSON.parse(await readFile(join(out, ".well-known/confide.json"), "utf8"));
    expect(await manifest(example.out)).toMatchObject({
      builtAt: "2027-01-15T08:00:00Z",
      formEndpoint: "site.yaml",
    });
    expect(await manifest(meetup.out)).toMatchObject({
      builtAt: "2027-02-01T10:30:00Z",
      formEndpoint: "same-origin",
    });
    const headers = async (out: string) => readFile(join(out, "_headers"), "utf8");
    expect(await headers(example.out)).toContain("connect-src 'self' https://formspree.io");
    expect(await headers(meetup.out)).not.toContain("formspree.io");
  });
});

describe("issue 11: builds in one process that reuse compiled layouts", () => {
  it("read a page edited between two builds of the same folder afresh, and use each build's own endpoint", async () => {
    const folder = await contentFolder({}, { translations: false });
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    const builtAt = new Date("2027-01-15T08:00:00Z");
    try {
      await build({ contentDir: folder.dir, outDir: out, builtAt });
      const before = await readFile(join(out, "code-of-conduct/index.html"), "utf8");
      expect(before).not.toContain("Edited between builds");
      expect(await readFile(join(out, "report/index.html"), "utf8")).toContain(
        '"endpoint":"https://formspree.io',
      );

      const page = join(folder.dir, "code-of-conduct.md");
      await writeFile(page, `${await readFile(page, "utf8")}\nEdited between builds.\n`);
      await build({ contentDir: folder.dir, outDir: out, builtAt, formEndpoint: "same-origin" });
      expect(await readFile(join(out, "code-of-conduct/index.html"), "utf8")).toContain(
        "Edited between builds.",
      );
      expect(await readFile(join(out, "report/index.html"), "utf8")).not.toContain("formspree.io");
    } finally {
      await folder.cleanup();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe("createSiteConfig", () => {
  const options = { contentDir: "content", outDir: "_site", builtAt: new Date("2027-01-15T08:00:00Z") };

  it("refuses an unknown option", () => {
    expect(() => createSiteConfig({ ...options, contentDirectory: "x" } as never)).toThrow(
      "createSiteConfig: unknown option contentDirectory",
    );
  });

  it("refuses a build instant that is not whole seconds, which SOURCE_DATE_EPOCH could not repeat", () => {
    expect(() => createSiteConfig({ ...options, builtAt: new Date("2027-01-15T08:00:00.500Z") })).toThrow(
      /whole seconds/,
    );
  });
});

describe("the data a page is built from (issue 14)", () => {
  it("issue 14: reads no Eleventy template or directory data file, which could take a page's layout or address away unchecked", async () => {
    const { dir, cleanup } = await contentFolder(
      {
        "report.11tydata.json": '{ "layout": false }\n',
        "reporting.json": '{ "permalink": "/elsewhere/" }\n',
      },
      { translations: false },
    );
    try {
      const pages = await renderSite({ contentDir: dir, silent: true });
      const urls = pages.map((page) => page.url);
      expect(urls).toContain("/reporting/");
      expect(urls).not.toContain("/elsewhere/");
      expect(pages.find((page) => page.url === "/report/")?.content).toMatch(/^<!doctype html>/i);
    } finally {
      await cleanup();
    }
  });
});
