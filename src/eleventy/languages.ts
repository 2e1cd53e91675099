import { languageOfUrl, type SiteLanguage } from "../i18n/translations.ts";
import type { UiKey } from "../i18n/ui-strings.ts";
import { escapeHtml, fillHtml, html } from "../site/html.ts";
import { mailLink, telLink } from "../site/procedure-blocks.ts";
import { languageUrls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import {
  type CollectionItem,
  type EleventyConfig,
  pageUrlOf,
  type TemplateContext,
} from "./eleventy-types.ts";

/** Options of {@link languagesPlugin}. */
export interface LanguagesPluginOptions {
  /** The content of this build. */
  content: ContentLoader;
}

/** What every page's data holds about its language (`{{ language.tag }}` in the layout). */
export interface PageLanguageData {
  tag: string;
  dir: "ltr" | "rtl";
  /** Its home page: `/` or `/es/`. */
  home: string;
  /** Its report page: `/report/` or `/es/report/` (the header's "report" link). */
  report: string;
  /** Its UI strings (the markdown plugin reads the heading links' words here). */
  ui: SiteLanguage["ui"];
}

/**
 * The site in several languages at once. A page's language is its address's: `/es/…` is Spanish,
 * everything else the site's own language (site.yaml's `lang`). Each page gets
 *
 * - its language's data: `site`, `report` and `responders` with their text in that language, and
 *   `language` (tag, direction, home, UI strings), as computed data
 *   (https://www.11ty.dev/docs/data-computed/), so a page under `/es/` that prints
 *   `{{ site.on_site.staff }}` prints the Spanish text;
 * - the layout's words in its language: `{% t "layout.skip_link" %}`, `{% urgent_call %}`,
 *   `{% reporting_address %}`;
 * - `{% alternate_links %}` (`<link rel="alternate" hreflang>` to each language's version of the page)
 *   and `{% language_menu %}` (a plain list of links, no JavaScript), both ways between every version;
 * - menus in its language: `collections.mainNav | in_language: language.tag`.
 */
export default function languagesPlugin(
  eleventyConfig: EleventyConfig,
  options: LanguagesPluginOptions,
): void {
  const languageOf = async (url: string) => languageOfUrl((await options.content.get()).languages, url);
  type PageData = { page: { url: string } };

  eleventyConfig.addGlobalData("eleventyComputed", {
    language: async (data: PageData): Promise<PageLanguageData> => {
      const language = await languageOf(data.page.url);
      return {
        tag: language.tag,
        dir: language.dir,
        home: languageUrls(language.prefix).home,
        report: languageUrls(language.prefix).report,
        ui: language.ui,
      };
    },
    site: async (data: PageData) => (await languageOf(data.page.url)).site,
    report: async (data: PageData) => (await languageOf(data.page.url)).report,
    responders: async (data: PageData) => (await languageOf(data.page.url)).responders,
  });

  eleventyConfig.addFilter("in_language", (items: CollectionItem[], tag: string) =>
    items.filter((item) => (item.data.language as PageLanguageData | undefined)?.tag === tag),
  );

  eleventyConfig.addShortcode("t", async function (this: TemplateContext, key: UiKey) {
    const text = (await languageOf(pageUrlOf(this))).ui[key];
    if (text === undefined) throw new Error(`No UI string "${key}": see src/i18n/ui-strings.ts.`);
    return escapeHtml(text);
  });

  eleventyConfig.addShortcode("urgent_call", async function (this: TemplateContext) {
    const { ui, site } = await languageOf(pageUrlOf(this));
    const first = site.emergency[0];
    if (!first) return "";
    return fillHtml(ui["layout.urgent"], { number: telLink(first.number) }).value;
  });

  eleventyConfig.addShortcode("reporting_address", async function (this: TemplateContext) {
    const { ui, site } = await languageOf(pageUrlOf(this));
    return fillHtml(ui["layout.reporting_address"], { email: mailLink(site.alias.email) }).value;
  });

  // Every version of this page, its own included (https://developers.google.com/search/docs/specialty/international/localized-versions).
  eleventyConfig.addShortcode("alternate_links", async function (this: TemplateContext) {
    const versions = (await options.content.get()).pageLanguages[pageUrlOf(this)] ?? [];
    if (versions.length < 2) return "";
    return versions
      .map((version) => html`<link rel="alternate" hreflang="${version.tag}" href="${version.url}">`.value)
      .join("\n");
  });

  // A plain list of links, each in its own language; a language without this page links to its home page.
  eleventyConfig.addShortcode("language_menu", async function (this: TemplateContext) {
    const content = await options.content.get();
    if (content.languages.length < 2) return "";
    const current = languageOfUrl(content.languages, pageUrlOf(this));
    const versions = content.pageLanguages[pageUrlOf(this)] ?? [];
    const links = content.languages.map((language) => {
      const url =
        versions.find((version) => version.tag === language.tag)?.url ?? languageUrls(language.prefix).home;
      return html`<li><a href="${url}" hreflang="${language.tag}" lang="${language.tag}" dir="${language.dir}"${
        language === current ? html` aria-current="page"` : ""
      }>${language.ui["language.name"]}</a></li>`;
    });
    return html`<nav class="language-menu" aria-label="${current.ui["layout.language_menu"]}"><ul>${links}</ul></nav>`
      .value;
  });
}
