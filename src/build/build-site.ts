import { resolve } from "node:path";
import Eleventy from "@11ty/eleventy";
import { templateFailure } from "../check/template-failure.ts";
import type { EleventyConfig } from "../eleventy/eleventy-types.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { buildTime } from "./build-time.ts";
import { createSiteConfig } from "./site-config.ts";

/** Options of {@link buildSite} and {@link renderSite}. */
export interface BuildSiteOptions {
  /** The content folder (default: content). */
  contentDir?: string;
  /** Where to write the site (default: _site). */
  outDir?: string;
  /** Print only problems (default: true). */
  quiet?: boolean;
  /** Print nothing from Eleventy, not even its summary (content problems are still printed). */
  silent?: boolean;
  /** Where the report form posts instead of site.yaml's endpoint; "same-origin": the site's own origin. */
  formEndpoint?: string | undefined;
  /** The build's instant (whole seconds; default: now, rounded down). */
  builtAt?: Date;
  /** Pages to leave out, relative to the content folder (`confide check` renders the rest after one fails). */
  ignore?: readonly string[];
}

/** One page as a build renders it, without writing it. */
export interface RenderedPage {
  /** Its address (`/report/`, `/keys/ada.asc`). */
  url: string;
  /** The source it was made from (`./content/report.md`, or a generated template). */
  inputPath: string;
  /** The file it would be written to. */
  outputPath: string;
  /** Its text, after every transform. */
  content: string;
}

/**
 * Builds a content folder into an output folder, exactly as `npm run build` does (both use
 * {@link createSiteConfig}). Used by `confide serve`, `confide verify` and the tests. It touches no
 * environment variable and no working directory, so builds can run at the same time in one process.
 *
 * @param options.contentDir - the content folder (default: content)
 * @param options.outDir - where to write the site (default: _site)
 * @param options.quiet - print only problems (default: true)
 * @param options.silent - print nothing from Eleventy, not even its summary (content problems are
 *   still printed, and errors still thrown): for commands whose own report is the output
 * @param options.formEndpoint - where the report form posts instead of site.yaml's endpoint;
 *   "same-origin" posts to the site's own origin (the local inbox behind `confide serve`)
 * @param options.builtAt - the build's instant (whole seconds; default: now), as SOURCE_DATE_EPOCH
 *   gives it: the same content built at the same instant gives the same bytes
 * @param options.ignore - pages to leave out, relative to the content folder
 * @throws ContentError (with `diagnostics`) when the content is invalid or a page cannot be rendered
 *   (a template error, printed as file:line:col with its fix, not as a stack trace); nothing is
 *   written then
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<void> {
  let written: unknown;
  try {
    written = await eleventyFor(options).write();
  } catch (error) {
    throw failure(error, options, !options.silent);
  }
  if (!options.silent) {
    const [, templates] = written as [unknown, unknown[]];
    console.log(`Wrote ${templates.length} files to ${(options.outDir ?? "_site").replace(/\/+$/, "")}/`);
  }
}

/**
 * Renders every page of a content folder as {@link buildSite} would, in memory: nothing is written
 * (not the pages, the bundles, `_headers` nor the manifest), and nothing is printed (the content's
 * problems come with the ContentError). For `confide check`, which must meet every refusal a build
 * meets: template errors, integrity, a `_headers` file the host would not read.
 *
 * @param options - as {@link buildSite}; `outDir` only decides the `outputPath` each page reports
 * @returns every page and generated file, sorted by address
 * @throws ContentError when the content is invalid or a page cannot be rendered (its diagnostic,
 *   not printed: the caller reports it)
 */
export async function renderSite(options: BuildSiteOptions = {}): Promise<RenderedPage[]> {
  let results: RenderedPage[];
  try {
    results = (await eleventyFor(options, { printContentProblems: false }).toJSON()) as RenderedPage[];
  } catch (error) {
    throw failure(error, options, false);
  }
  return results
    .map(({ url, inputPath, outputPath, content }) => ({ url, inputPath, outputPath, content }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** An Eleventy instance for one build, configured by the factory and by nothing else. */
function eleventyFor(options: BuildSiteOptions, extra: { printContentProblems?: boolean } = {}): Eleventy {
  const { contentDir, outDir, quiet, silent, formEndpoint, builtAt, ignore, ...rest } = options;
  rejectUnknownOptions("buildSite", rest);
  const config = createSiteConfig({
    contentDir: contentDir ?? "content",
    outDir: outDir ?? "_site",
    builtAt: builtAt ?? buildTime(undefined),
    formEndpoint,
    ...extra,
  });
  const eleventy = new Eleventy(undefined, undefined, {
    // No configuration file: the factory is the whole configuration.
    configPath: false,
    quietMode: quiet ?? true,
    config: (eleventyConfig: unknown) => {
      config(eleventyConfig as EleventyConfig);
      if (ignore?.length) skipPages(eleventyConfig as EleventyConfig, contentDir ?? "content", ignore);
    },
  });
  // Problems are printed as file:line:col with their fix (src/check/template-failure.ts), and the
  // summary by buildSite: Eleventy's own logger would print a stack trace for an organiser's typo.
  eleventy.disableLogger();
  return eleventy;
}

/** Leaves pages out of a build: a preprocessor returning false skips its page (https://www.11ty.dev/docs/config-preprocessors/). */
function skipPages(eleventyConfig: EleventyConfig, contentDir: string, pages: readonly string[]): void {
  const skipped = new Set(pages.map((page) => resolve(contentDir, page)));
  eleventyConfig.addPreprocessor("confide-skip", "*", function (this: { inputPath: string }) {
    return skipped.has(resolve(this.inputPath)) ? false : undefined;
  });
}

/** What a failed build or render throws: the organiser's problem as a diagnostic, or the error itself. */
function failure(error: unknown, options: BuildSiteOptions, print: boolean): unknown {
  return templateFailure({
    error,
    contentDir: resolve(options.contentDir ?? "content"),
    cwd: process.cwd(),
    print,
  });
}
