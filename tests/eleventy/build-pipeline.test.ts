import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASSETS_DIR, readSiteAssets } from "../../src/build/site-assets.ts";
import { ContentError } from "../../src/check/diagnostic.ts";
import { ISLAND_ID } from "../../src/client/island-ids.ts";
import { buildPipeline } from "../../src/eleventy/build-pipeline.ts";
import { contentLoader } from "../../src/eleventy/content-loader.ts";
import type { AfterBuild, BuildResult } from "../../src/eleventy/eleventy-types.ts";
import { urls } from "../../src/site/urls.ts";
import { contentFolder, EXAMPLE_CONTENT, exampleContent, NOW } from "../helpers/content-folder.ts";
import { loaderOf, type RecordedConfig, recordingConfig } from "../helpers/plugin-config.ts";

const example = await exampleContent();

/**
 * The pipeline's plugin added to a recording configuration, and its two steps to run by hand. Its
 * content is the example's, through a loader that counts its resets, unless `content` is given.
 */
function pipeline(options: Partial<Parameters<typeof buildPipeline>[0]> = {}) {
  const loader = loaderOf(example, EXAMPLE_CONTENT);
  const { plugin, prepared } = buildPipeline({ content: loader, builtAt: NOW, ...options });
  const recorded: RecordedConfig = recordingConfig();
  plugin(recorded.config);
  const [before] = recorded.before;
  const [after] = recorded.after;
  if (!before || !after) throw new Error("the pipeline adds no eleventy.before or eleventy.after step");
  return {
    loader,
    prepared,
    recorded,
    prepare: () => before({ directories: { output: "unused" }, outputMode: "fs" }),
    finish: (args: AfterBuild) => after(args),
  };
}

const page = (url: string, content: string): BuildResult => ({
  url,
  outputPath: `_site${url}index.html`,
  content,
});
const REPORT_PAGE = page("/report/", `<h1>Report</h1><div id="${ISLAND_ID}"></div>`);

/** Plain bytes, to compare: a file made afresh is a Buffer, one from the build cache a Uint8Array. */
const bytes = (data: Uint8Array | undefined): Uint8Array => new Uint8Array(data ?? []);

/** Every file under a folder, as site addresses. */
async function writtenFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => `/${relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/")}`)
    .sort();
}

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "confide-pipeline-"));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe("buildPipeline: before the pages render", () => {
  it("refuses to be read before the build prepared it", () => {
    expect(() => pipeline().prepared.get()).toThrow(
      "The build was read before it was prepared (eleventy.before).",
    );
  });

  it("prepares the content, the bundles, the stylesheets and the favicon, reading the folder again each build", async () => {
    const { prepare, prepared, loader } = pipeline();
    await prepare();
    const build = prepared.get();
    expect(build.content).toBe(example);
    const { reportForm, quickExit, reportFormImports } = build.island;
    for (const url of [reportForm, quickExit]) expect(build.files.get(url)?.length, url).toBeGreaterThan(0);
    // esbuild may make a chunk that tree-shaking emptied: published all the same, as the form imports it.
    for (const url of reportFormImports) expect(build.files.has(url), url).toBe(true);
    const css = await readSiteAssets({ minify: true });
    expect(bytes(build.files.get(urls.stylesheet)), "minified by default").toEqual(
      bytes(css.get(urls.stylesheet)),
    );
    expect(build.files.has("/favicon.ico")).toBe(true);
    expect(loader.resets).toBe(1);
    await prepare();
    expect(loader.resets, "reset on every build, so `--serve` sees roster edits").toBe(2);
  });

  it("watches the stylesheets' folder, so `--serve` rebuilds when they change", () => {
    expect(pipeline().recorded.watchTargets).toEqual([relative(process.cwd(), ASSETS_DIR)]);
  });

  it("refuses content with an organiser's mistake, naming the file and the fix, and leaves nothing prepared", async () => {
    const folder = await contentFolder({}, { translations: false });
    try {
      const { prepare, prepared } = pipeline({
        content: contentLoader({ dir: folder.dir, now: NOW, printProblems: false }),
      });
      await prepare();
      expect(prepared.get().content.site.event.name).toBe(example.site.event.name);
      // Between two builds of `--serve`, the organiser points the logo out of the content folder.
      const siteYaml = join(folder.dir, "_data/site.yaml");
      await writeFile(siteYaml, `${await readFile(siteYaml, "utf8")}\nlogo: ../../outside.svg\n`);
      const error = await Promise.resolve(prepare()).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ContentError);
      expect((error as ContentError).diagnostics).toEqual([
        expect.objectContaining({
          file: "_data/site.yaml",
          severity: "error",
          message: expect.stringContaining('"../../outside.svg" is outside the content folder'),
          fix: expect.stringContaining("images/logo.svg"),
        }),
      ]);
      expect(() => prepared.get(), "the last build's content is not used again").toThrow(
        "The build was read before it was prepared",
      );
    } finally {
      await folder.cleanup();
    }
  });
});

describe("buildPipeline: after the pages render", () => {
  it("writes the bundles, stylesheets, _headers and manifest into the output folder", async () => {
    const { prepare, finish, prepared } = pipeline({ formEndpoint: "https://inbox.example.org/f/x" });
    await prepare();
    const target = join(out, "written");
    await finish({ directories: { output: target }, outputMode: "fs", results: [REPORT_PAGE] });
    const files = prepared.get().files;
    expect(await writtenFiles(target)).toEqual([...files.keys(), urls.headersFile, urls.manifest].sort());
    for (const [url, contents] of files)
      expect(bytes(await readFile(join(target, url))), url).toEqual(bytes(contents));
    const headers = await readFile(join(target, urls.headersFile), "utf8");
    expect(headers, "the report page may post to CONFIDE_FORM_ENDPOINT's origin").toContain(
      "connect-src 'self' https://inbox.example.org",
    );
    expect(headers).not.toContain(new URL(example.site.form?.endpoint ?? "").origin);
    const manifest = JSON.parse(await readFile(join(target, urls.manifest), "utf8"));
    expect(manifest).toMatchObject({
      builtAt: "2027-03-01T12:00:00Z",
      formEndpoint: "https://inbox.example.org/f/x",
    });
    expect(Object.keys(manifest.files)).toContain("/report/");
  });

  it("writes nothing when the site is only rendered in memory", async () => {
    const { prepare, finish } = pipeline();
    await prepare();
    const target = join(out, "in-memory");
    await finish({ directories: { output: target }, outputMode: "json", results: [REPORT_PAGE] });
    expect(await writtenFiles(target)).toEqual([]);
  });

  it("fails naming the page that loads an unchecked script, and writes nothing", async () => {
    const { prepare, finish } = pipeline();
    await prepare();
    const target = join(out, "refused");
    const bad = page("/venue/", '<p>Map</p><script src="https://maps.example/widget.js"></script>');
    await expect(
      finish({ directories: { output: target }, outputMode: "fs", results: [REPORT_PAGE, bad] }),
    ).rejects.toThrow("/venue/");
    expect(await writtenFiles(target)).toEqual([]);
  });

  it("cannot finish a build it did not prepare", async () => {
    const { finish } = pipeline();
    await expect(
      finish({ directories: { output: join(out, "unprepared") }, outputMode: "fs", results: [] }),
    ).rejects.toThrow("The build was read before it was prepared");
  });
});
