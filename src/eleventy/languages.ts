import { relative, resolve, sep } from "node:path";
import { languageOfUrl, type SiteLanguage } from "../i18n/translations.ts";
import { languageUrls } from "../site/urls.ts";
import type { ContentLoader } from "./content-loader.ts";
import type { EleventyConfig } from "./eleventy-types.ts";

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

/** What a page reads of its language: `site`, `report` and `responders` in it, and `language`. */
export interface LanguagePageData {
  language: PageLanguageData;
  site: SiteLanguage["site"];
  report: SiteLanguage["report"];
  responders: SiteLanguage["responders"];
}

/** One {@link LanguagePageData} per language and build, shared by its pages. */
const pageData = new WeakMap<SiteLanguage, LanguagePageData>();

/** The data every page in a language reads (`{{ site.… }}` in Spanish on a Spanish page). */
export function languagePageData(language: SiteLanguage): LanguagePageData {
  let data = pageData.get(language);
  if (!data) {
    data = {
      language: {
        tag: language.tag,
        dir: language.dir,
        home: languageUrls(language.prefix).home,
        report: languageUrls(language.prefix).report,
        ui: language.ui,
      },
      site: language.site,
      report: language.report,
      responders: language.responders,
    };
    pageData.set(language, data);
  }
  return data;
}

/**
 * The language data as computed data (https://www.11ty.dev/docs/data-computed/), from each page's
 * address: for a template that makes pages in several languages (one responder page per language).
 *
 * @param content - the build's content
 */
export function languageComputedData(content: ContentLoader): {
  [key in keyof LanguagePageData]: (data: { page: { url: string } }) => Promise<LanguagePageData[key]>;
} {
  const of = async (data: { page: { url: string } }) =>
    languagePageData(languageOfUrl((await content.get()).languages, data.page.url));
  return {
    language: async (data) => (await of(data)).language,
    site: async (data) => (await of(data)).site,
    report: async (data) => (await of(data)).report,
    responders: async (data) => (await of(data)).responders,
  };
}

/**
 * The site in several languages at once. A page's language is its address's: `/es/…` is Spanish,
 * everything else the site's own language (site.yaml's `lang`). Each page gets
 *
 * - its language's data: `site`, `report` and `responders` with their text in that language, and
 *   `language` (tag, direction, home, UI strings), so a page under `/es/` that prints
 *   `{{ site.on_site.staff }}` prints the Spanish text;
 * The layout's words, the language links and the menus in the page's language are the page shell's
 * (src/site/page-shell.ts).
 */
export default function languagesPlugin(
  eleventyConfig: EleventyConfig,
  options: LanguagesPluginOptions,
): void {
  const contentRoot = resolve(options.content.dir);

  // Each page's language data, set on its data before it renders: a preprocessor sees the page's
  // data before its permalink, its collections and its rendering (https://www.11ty.dev/docs/config-preprocessors/).
  // The language is the page's folder's, which is its address's: the content's validation refuses a
  // page whose address lies outside its folder's language. (Computed data did this from the address,
  // at a quarter of a 1,000-page build's time: issue 11.) The pages one template makes in several
  // languages, the responder pages, compute theirs from their addresses (src/eleventy/content.ts).
  eleventyConfig.addPreprocessor("confide-language", "*", async function (this: { inputPath: string }, data) {
    const { languages } = await options.content.get();
    const file = relative(contentRoot, resolve(this.inputPath)).split(sep).join("/");
    const language =
      languages.find((l) => l.folder && file.startsWith(l.folder)) ?? languageOfUrl(languages, "/");
    Object.assign(data as Record<string, unknown>, languagePageData(language));
    return undefined; // the page's text stays as it is
  });
}
