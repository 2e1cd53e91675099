import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { ISLAND_ID, PROPS_ID } from "../client/island-ids.ts";
import { ReportForm } from "../client/report-form.tsx";
import { languageOfUrl } from "../i18n/translations.ts";
import { escapeHtml } from "../site/html.ts";
import { reportFormProps } from "../site/report-form-props.ts";
import type { PreparedBuildSlot } from "./build-pipeline.ts";
import { type EleventyConfig, pageUrlOf, type TemplateContext } from "./eleventy-types.ts";
import { integrityLookup } from "./integrity.ts";

/** Options of {@link islandPlugin}. */
export interface IslandPluginOptions {
  /** The build's content and bundles (src/eleventy/build-pipeline.ts bundles them before the pages render). */
  prepared: PreparedBuildSlot;
  /** Overrides site.yaml's form endpoint; "same-origin" posts to the site's own origin (npm start). */
  formEndpoint?: string | undefined;
  /** The build's instant: the form renders as of then until it is hydrated. */
  builtAt: Date;
}

/**
 * The report form, rendered at build time: a Preact island, rendered to HTML here from the same
 * component the browser hydrates, so it appears at once, and disabled until hydrated, so it cannot
 * post without JavaScript. `islandAssets` gives the layout the bundles' addresses.
 */
export default function islandPlugin(eleventyConfig: EleventyConfig, options: IslandPluginOptions): void {
  eleventyConfig.addGlobalData("islandAssets", () => options.prepared.get().island);

  // Each bundle digested once per build, not once per report form (issue 11: the island's bundle is
  // the build's largest file, and it was hashed again for every page with a form).
  const integrity = integrityLookup(options.prepared);

  // In the language of the page that prints it: its questions, its words, its roles.
  eleventyConfig.addShortcode("report_form", function (this: TemplateContext) {
    const { content, island } = options.prepared.get();
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
      // Each with the integrity of the very bytes the build writes. The chunks the form imports later
      // (OpenPGP) cannot carry one: the manifest lists them instead (SECURITY.md).
      ...island.reportFormImports.map(
        (url) => `<link rel="modulepreload" href="${url}" integrity="${integrity(url)}">`,
      ),
      `<script type="module" src="${island.reportForm}" integrity="${integrity(island.reportForm)}"></script>`,
    ].join("\n");
  });
}
