import { languageOfUrl, type SiteLanguage } from "../i18n/translations.ts";
import type { UiKey } from "../i18n/ui-strings.ts";
import { escapeHtml } from "../site/html.ts";
import { alternateLinks, languageMenu, reportingAddress, urgentCall } from "../site/language-links.ts";
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
    return urgentCall(await languageOf(pageUrlOf(this)));
  });

  eleventyConfig.addShortcode("reporting_address", async function (this: TemplateContext) {
    return reportingAddress(await languageOf(pageUrlOf(this)));
  });

  eleventyConfig.addShortcode("alternate_links", async function (this: TemplateContext) {
    return alternateLinks({ site: await options.content.get(), url: pageUrlOf(this) });
  });

  eleventyConfig.addShortcode("language_menu", async function (this: TemplateContext) {
    return languageMenu({ site: await options.content.get(), url: pageUrlOf(this) });
  });
}
