import { relative, resolve } from "node:path";
import syntaxHighlight from "@11ty/eleventy-plugin-syntaxhighlight";
import brandPlugin from "../eleventy/brand.ts";
import { buildPipeline } from "../eleventy/build-pipeline.ts";
import contentPlugin from "../eleventy/content.ts";
import { contentLoader } from "../eleventy/content-loader.ts";
import type { EleventyConfig } from "../eleventy/eleventy-types.ts";
import frontMatterPlugin from "../eleventy/front-matter.ts";
import headersPlugin from "../eleventy/headers.ts";
import integrityPlugin from "../eleventy/integrity.ts";
import islandPlugin from "../eleventy/island.ts";
import languagesPlugin from "../eleventy/languages.ts";
import markdownPlugin from "../eleventy/markdown.ts";
import pageShellPlugin from "../eleventy/page-shell.ts";
import publishedPagesPlugin from "../eleventy/published-pages.ts";
import receivingKeysPlugin from "../eleventy/receiving-keys.ts";
import templateCachePlugin from "../eleventy/template-cache.ts";
import transparencyPlugin from "../eleventy/transparency.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { projectPath } from "../project-paths.ts";
import { escapeTemplateOutput } from "../site/html.ts";

/** Layouts are code, not content: they live beside this code whichever content folder is built. */
const INCLUDES_DIR = projectPath("src/_includes");

/** What one build of a site is made of. Everything a build depends on is here, nothing in process.env. */
export interface SiteConfigOptions {
  /** The content folder (site.yaml, roster.yaml, pages), relative to the working directory or absolute. */
  contentDir: string;
  /** Where the site is written. */
  outDir: string;
  /** The build's instant, in whole seconds: the key checks, the form's and the manifest's `builtAt`. */
  builtAt: Date;
  /** Overrides site.yaml's form endpoint; "same-origin" posts to the site's own origin (the inbox, the hook). */
  formEndpoint?: string | undefined;
  /** Print the content's problems on stderr (default: true); `confide check` prints them itself. */
  printContentProblems?: boolean;
}

/**
 * The Eleventy configuration of one Confide site, as a function Eleventy calls with its
 * configuration API: `new Eleventy(undefined, undefined, { config: createSiteConfig(...) })`, or from
 * `.eleventy.ts`. It reads no environment variable and changes no directory, so several builds (of
 * different folders, endpoints or instants) can run in one process at once.
 *
 * @param options.contentDir - the content folder
 * @param options.outDir - the output folder
 * @param options.builtAt - the build's instant (whole seconds)
 * @param options.formEndpoint - overrides site.yaml's form endpoint ("same-origin": the site's own origin)
 * @param options.printContentProblems - print the content's problems on stderr (default: true)
 * @throws TypeError on an unknown option; Error when builtAt is not whole seconds
 */
export function createSiteConfig(options: SiteConfigOptions): (eleventyConfig: EleventyConfig) => void {
  const { contentDir, outDir, builtAt, formEndpoint, printContentProblems, ...rest } = options;
  rejectUnknownOptions("createSiteConfig", rest);
  if (!(builtAt instanceof Date) || Number.isNaN(builtAt.getTime()) || builtAt.getTime() % 1000 !== 0)
    throw new Error(`createSiteConfig: builtAt must be a date in whole seconds (${String(builtAt)}).`);

  return function confideSite(eleventyConfig: EleventyConfig): void {
    eleventyConfig.setInputDirectory(contentDir);
    eleventyConfig.setOutputDirectory(outDir);
    eleventyConfig.setIncludesDirectory(relative(resolve(contentDir), INCLUDES_DIR));
    eleventyConfig.setDataDirectory("_data");
    eleventyConfig.setTemplateFormats(["md", "liquid", "html"]);
    // Only the pages `confide check` checks are published: not a page in keys/ or _drafts/, nor an .html file.
    eleventyConfig.addPlugin(publishedPagesPlugin, { contentDir });
    // A page's data is its front matter, which `confide check` checks, and Confide's own: Eleventy's
    // template and directory data files (`report.json`, `report.11tydata.json`) are not read, so one
    // cannot take a page's layout or address away unchecked (issue 14).
    eleventyConfig.setDataFileSuffixes([]);
    // Markdown and HTML pages go through Liquid first: Eleventy's defaults, which no option here changes.

    // The layout compiled once per build, not once per page, with several builds in one process.
    eleventyConfig.addPlugin(templateCachePlugin, {
      templateDirs: [contentDir, INCLUDES_DIR],
      layout: "base.liquid",
    });

    const content = contentLoader({
      dir: contentDir,
      now: builtAt,
      printProblems: printContentProblems ?? true,
    });
    // Before rendering: validate the content, bundle the scripts, read the stylesheet. After: check
    // integrity, then write the files, `_headers` and the manifest (src/eleventy/build-pipeline.ts).
    const pipeline = buildPipeline({ content, builtAt, formEndpoint });
    eleventyConfig.addPlugin(pipeline.plugin);
    const prepared = pipeline.prepared;
    // The content as data, shortcodes, responder pages and published keys.
    eleventyConfig.addPlugin(contentPlugin, { content });
    // Each page in its language (`content/<lang>/`): its data, the layout's words, hreflang links and a language menu.
    eleventyConfig.addPlugin(languagesPlugin, { content });
    // The figures the responders' desk wrote (`_data/transparency.yaml`) as `{% transparency_report %}`.
    eleventyConfig.addPlugin(transparencyPlugin, { content });
    // The encrypted report form, rendered at build time: with the quick-exit control, the only JavaScript the site ships.
    eleventyConfig.addPlugin(islandPlugin, { prepared, formEndpoint, builtAt });
    eleventyConfig.addPlugin(markdownPlugin);
    // Front matter read by Confide's one reader, which the checks used already: parsed once (issue 11).
    eleventyConfig.addPlugin(frontMatterPlugin);
    // The receiving keys' ids, which the functions/ hook reads to accept reports that name their recipients.
    eleventyConfig.addPlugin(receivingKeysPlugin, { content });
    // Highlights the gpg commands in the responder guide at build time: no JavaScript reaches the page.
    eleventyConfig.addPlugin(syntaxHighlight);
    // The event's logo, accent colour and favicon from site.yaml, for the layout.
    eleventyConfig.addPlugin(brandPlugin, { content });
    // The page's Content-Security-Policy as a <meta>, for hosts that ignore `_headers`.
    eleventyConfig.addPlugin(headersPlugin, { content, formEndpoint });
    // Every page's shell (the layout), compiled TypeScript rather than Liquid: it runs once a page.
    eleventyConfig.addPlugin(pageShellPlugin, { prepared, formEndpoint });
    // Subresource integrity on every script and stylesheet: `{{ url | integrity }}`.
    eleventyConfig.addPlugin(integrityPlugin, { prepared });
    // An unknown variable in a page is an organiser's typo: fail the build instead of printing nothing.
    // Every {{ value }} is escaped (issue 10): data from YAML is plain text and can never become markup.
    // Markup that is meant (a page's rendered content) is printed with `| raw`.
    // Shortcode arguments parsed once, when a template is compiled, by Liquid's own tokenizer; Eleventy's
    // default ("legacy") lexes them again on every call: ten calls a page in the layout alone.
    eleventyConfig.setLiquidParameterParsing("builtin");
    eleventyConfig.setLiquidOptions({
      strictVariables: true,
      strictFilters: true,
      lenientIf: true,
      outputEscape: escapeTemplateOutput,
    });
  };
}
