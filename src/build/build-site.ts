import Eleventy from "@11ty/eleventy";
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
 * @throws ContentError (with `diagnostics`) when the content is invalid; nothing is written then
 */
export async function buildSite(options: BuildSiteOptions = {}): Promise<void> {
  await eleventyFor(options).write();
}

/**
 * Renders every page of a content folder as {@link buildSite} would, in memory: nothing is written
 * (not the pages, the bundles, `_headers` nor the manifest). For `confide check`, which must see the
 * template errors a build would meet.
 *
 * @param options - as {@link buildSite}; `outDir` only decides the `outputPath` each page reports
 * @returns every page and generated file, sorted by address
 * @throws ContentError when the content is invalid; Eleventy's error when a template fails
 */
export async function renderSite(options: BuildSiteOptions = {}): Promise<RenderedPage[]> {
  const results = (await eleventyFor(options).toJSON()) as RenderedPage[];
  return results
    .map(({ url, inputPath, outputPath, content }) => ({ url, inputPath, outputPath, content }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/** An Eleventy instance for one build, configured by the factory and by nothing else. */
function eleventyFor(options: BuildSiteOptions): Eleventy {
  const { contentDir, outDir, quiet, silent, formEndpoint, builtAt, ...rest } = options;
  rejectUnknownOptions("buildSite", rest);
  const config = createSiteConfig({
    contentDir: contentDir ?? "content",
    outDir: outDir ?? "_site",
    builtAt: builtAt ?? buildTime(undefined),
    formEndpoint,
  });
  const eleventy = new Eleventy(undefined, undefined, {
    // No configuration file: the factory is the whole configuration.
    configPath: false,
    quietMode: quiet ?? true,
    config: config as (eleventyConfig: unknown) => void,
  });
  if (silent) eleventy.disableLogger();
  return eleventy;
}
