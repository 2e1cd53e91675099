import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { register } from "tsx/esm/api";
import { templateFailure } from "../check/template-failure.ts";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

// Eleventy imports .eleventy.ts with Node's own import(): tsx's loader must be registered in this
// process, whoever started it (the confide CLI already runs under tsx; vitest does not).
let tsxRegistered = false;
function ensureTypeScriptImports(): void {
  if (tsxRegistered) return;
  register();
  tsxRegistered = true;
}

/**
 * Builds a content folder into an output folder with the project's own Eleventy configuration,
 * exactly as `npm run build` does. Used by `confide serve` and by the tests.
 *
 * The configuration reads its folders from CONFIDE_CONTENT and CONFIDE_OUT, so they are set for the
 * duration of the build; builds in one process therefore run one at a time.
 *
 * @param options.contentDir - the content folder (default: content)
 * @param options.outDir - where to write the site (default: _site)
 * @param options.quiet - print only problems
 * @param options.silent - print nothing from Eleventy, not even its summary (content problems are
 *   still printed, and errors still thrown): for commands whose own report is the output
 * @param options.formEndpoint - where the report form posts instead of site.yaml's endpoint;
 *   "same-origin" posts to the site's own origin (the local inbox behind `confide serve`)
 * @param options.builtAt - the build's instant (whole seconds; default: now), as SOURCE_DATE_EPOCH
 *   gives it: the same content built at the same instant gives the same bytes
 * @param options.inMemory - render every page without writing them (`confide check`); the pages are
 *   returned. The after-build steps still write their own files into `outDir`: give a scratch folder
 * @param options.ignore - pages to leave out, relative to the content folder (a check that found an
 *   error in one page renders the others)
 * @returns the rendered pages (their input path relative to the content folder, URL and HTML)
 * @throws ContentError (with `diagnostics`) when the content is invalid or a page cannot be rendered
 *   (a template error, as file:line:col); nothing is written then
 */
export async function buildSite(
  options: {
    contentDir?: string;
    outDir?: string;
    quiet?: boolean;
    silent?: boolean;
    formEndpoint?: string;
    builtAt?: Date;
    inMemory?: boolean;
    ignore?: readonly string[];
  } = {},
): Promise<RenderedPage[]> {
  ensureTypeScriptImports();
  const saved = {
    content: process.env.CONFIDE_CONTENT,
    out: process.env.CONFIDE_OUT,
    endpoint: process.env.CONFIDE_FORM_ENDPOINT,
    epoch: process.env.SOURCE_DATE_EPOCH,
    cwd: process.cwd(),
  };
  process.env.CONFIDE_CONTENT = options.contentDir ?? "content";
  process.env.CONFIDE_OUT = options.outDir ?? "_site";
  if (options.formEndpoint) process.env.CONFIDE_FORM_ENDPOINT = options.formEndpoint;
  if (options.builtAt) {
    if (options.builtAt.getTime() % 1000 !== 0)
      throw new Error(`buildSite: builtAt must be whole seconds (${options.builtAt.toISOString()}).`);
    process.env.SOURCE_DATE_EPOCH = String(options.builtAt.getTime() / 1000);
  }
  try {
    // Paths in the configuration (the assets folder) are relative to the project root.
    process.chdir(projectRoot);
    const contentDir = resolve(projectRoot, options.contentDir ?? "content");
    const eleventy = new Eleventy(undefined, undefined, {
      configPath: ".eleventy.ts",
      quietMode: options.quiet ?? true,
      config: (eleventyConfig) => {
        const skipped = new Set((options.ignore ?? []).map((file) => join(contentDir, file)));
        if (skipped.size === 0) return;
        // A preprocessor returning false leaves the page out (https://www.11ty.dev/docs/config-preprocessors/).
        (eleventyConfig as EleventyPreprocessors).addPreprocessor(
          "confide-skip",
          "*",
          function (this: {
            inputPath: string;
          }) {
            return skipped.has(resolve(projectRoot, this.inputPath)) ? false : undefined;
          },
        );
      },
    });
    // A page's template error is printed as file:line:col with its fix, not as Eleventy's stack trace.
    eleventy.disableLogger();
    try {
      const pages = renderedPages(
        contentDir,
        options.inMemory
          ? await eleventy.toJSON()
          : ((await eleventy.write()) as [unknown, RenderedJson[]])[1],
      );
      if (!options.silent && !options.inMemory)
        console.log(`Wrote ${pages.length} pages to ${(options.outDir ?? "_site").replace(/\/+$/, "")}/`);
      return pages;
    } catch (error) {
      throw templateFailure({ error, contentDir, cwd: projectRoot, print: !options.silent });
    }
  } finally {
    restore("CONFIDE_CONTENT", saved.content);
    restore("CONFIDE_OUT", saved.out);
    restore("CONFIDE_FORM_ENDPOINT", saved.endpoint);
    restore("SOURCE_DATE_EPOCH", saved.epoch);
    process.chdir(saved.cwd);
  }
}

interface EleventyPreprocessors {
  addPreprocessor(
    name: string,
    extensions: string,
    callback: (this: { inputPath: string }) => false | undefined,
  ): void;
}

/** A page as a build rendered it. */
export interface RenderedPage {
  /** The page's file, relative to the content folder (`report.md`); generated pages have their own name. */
  file: string;
  url: string;
  html: string;
}

interface RenderedJson {
  inputPath?: string;
  url?: string | false;
  content?: string;
  outputPath?: string | false;
}

function renderedPages(contentDir: string, results: readonly RenderedJson[]): RenderedPage[] {
  return results
    .filter((result) => typeof result.url === "string" && typeof result.content === "string")
    .map((result) => ({
      file: relative(contentDir, resolve(projectRoot, result.inputPath ?? ""))
        .split(sep)
        .join("/"),
      url: result.url as string,
      html: result.content as string,
    }));
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
