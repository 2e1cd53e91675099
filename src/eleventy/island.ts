import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { build, type OutputFile } from "esbuild";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { ISLAND_ID, PROPS_ID } from "../client/island-ids.ts";
import { ReportForm } from "../client/report-form.tsx";
import { languageOfUrl } from "../i18n/translations.ts";
import { escapeHtml } from "../site/html.ts";
import { reportFormProps } from "../site/report-form-props.ts";
import { integrityOf } from "../site/subresource-integrity.ts";
import type { ContentLoader } from "./content-loader.ts";
import { type EleventyConfig, pageUrlOf, type TemplateContext } from "./eleventy-types.ts";
import { islandBundleOptions, JS_DIR } from "./island-bundle.ts";
import type { PublishedFiles } from "./published-files.ts";

/** Options of {@link islandPlugin}. */
export interface IslandPluginOptions {
  content: ContentLoader;
  /** Overrides site.yaml's form endpoint; "same-origin" posts to the site's own origin (npm start). */
  formEndpoint?: string | undefined;
  /** The build's instant: the form renders as of then until it is hydrated. */
  builtAt: Date;
  /** Where the bundles' bytes are recorded, for the manifest. */
  published: PublishedFiles;
  /** Readable, unminified bundles for development. */
  minify?: boolean;
}

/** The published addresses of the browser bundles, for the templates. */
export interface IslandAssets {
  reportForm: string;
  quickExit: string;
  /** The chunks the report form imports before it runs (preloaded with it). */
  reportFormImports: string[];
}

/**
 * Bundles the browser code with esbuild and renders the report form at build time.
 *
 * - The report form is a Preact island: rendered to HTML here from the same component the browser
 *   hydrates, so it appears at once, and disabled until hydrated, so it cannot post without JavaScript.
 * - OpenPGP (`openpgp/lightweight`) is split into chunks the form imports only when it is needed.
 * - The bundles are built in memory before the pages and written after them, so a failed build
 *   writes nothing (https://esbuild.github.io/api/#write).
 */
export default function islandPlugin(eleventyConfig: EleventyConfig, options: IslandPluginOptions): void {
  let outputs: OutputFile[] = [];
  let assets: IslandAssets | null = null;

  eleventyConfig.on("eleventy.before", async () => {
    const result = await build(islandBundleOptions({ minify: options.minify }));
    outputs = result.outputFiles;
    for (const file of outputs) options.published.add(publishedUrl(file), file.contents);
    const entry = (name: string) => {
      const [path, meta] =
        Object.entries(result.metafile.outputs).find(([, m]) => m.entryPoint?.endsWith(name)) ?? [];
      if (!path || !meta) throw new Error(`esbuild produced no bundle for ${name}`);
      return {
        url: `/${path}`,
        imports: meta.imports.filter((i) => i.kind === "import-statement").map((i) => `/${i.path}`),
      };
    };
    const reportForm = entry("main.tsx");
    assets = {
      reportForm: reportForm.url,
      reportFormImports: reportForm.imports,
      quickExit: entry("quick-exit.ts").url,
    };
  });

  eleventyConfig.on("eleventy.after", async ({ directories }) => {
    for (const file of outputs) {
      const target = join(directories.output, publishedUrl(file));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.contents);
    }
  });

  eleventyConfig.addGlobalData("islandAssets", () => assets);

  const integrity = (url: string) => {
    const contents = options.published.get(url);
    if (!contents) throw new Error(`The report form's bundle ${url} was not built.`);
    return integrityOf(contents);
  };

  // In the language of the page that prints it: its questions, its words, its roles.
  eleventyConfig.addShortcode("report_form", async function (this: TemplateContext) {
    const content = await options.content.get();
    if (!assets) throw new Error("The report form's bundle was not built.");
    const language = languageOfUrl(content.languages, pageUrlOf(this));
    const props = reportFormProps(language, {
      eventName: content.site.event.name,
      endpoint: options.formEndpoint,
      now: options.builtAt,
    });
    // JSON inside <script> must not close the element early: escape "<".
    const json = JSON.stringify(props).replaceAll("<", "\\u003c");
    return [
      `<div id="${ISLAND_ID}" class="report-island">${renderToString(h(ReportForm, props))}</div>`,
      `<noscript><p class="notice">${escapeHtml(language.ui["form.noscript"])}</p></noscript>`,
      `<script type="application/json" id="${PROPS_ID}">${json}</script>`,
      // Each with the integrity of the very bytes written in eleventy.after. The chunks the form
      // imports later (OpenPGP) cannot carry one: the manifest lists them instead (SECURITY.md).
      ...assets.reportFormImports.map(
        (url) => `<link rel="modulepreload" href="${url}" integrity="${integrity(url)}">`,
      ),
      `<script type="module" src="${assets.reportForm}" integrity="${integrity(assets.reportForm)}"></script>`,
    ].join("\n");
  });
}

/** A bundle's address on the site: `/assets/js/…`. */
function publishedUrl(file: OutputFile): string {
  return `/${file.path.slice(file.path.indexOf(JS_DIR)).split("\\").join("/")}`;
}
