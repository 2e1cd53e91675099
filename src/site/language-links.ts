import { languageOfUrl, type SiteLanguage } from "../i18n/translations.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { fillHtml, html } from "./html.ts";
import { mailLink, telLink } from "./procedure-blocks.ts";
import { languageUrls } from "./urls.ts";

/** What the language links read of a site: its languages and each page's versions. */
export interface SiteLanguages {
  /** The site's languages, its own first. */
  languages: readonly SiteLanguage[];
  /** Each page's versions in every language it exists in, by address. */
  pageLanguages: Readonly<Record<string, readonly { tag: string; url: string }[]>>;
}

/**
 * `<link rel="alternate" hreflang>` to every version of a page, its own included
 * (https://developers.google.com/search/docs/specialty/international/localized-versions); "" when
 * the page exists in one language only.
 *
 * @param options.site - the site's languages and pages
 * @param options.url - the page's address
 */
export function alternateLinks(options: { site: SiteLanguages; url: string }): string {
  const { site, url, ...rest } = options;
  rejectUnknownOptions("alternateLinks", rest);
  const versions = site.pageLanguages[url] ?? [];
  if (versions.length < 2) return "";
  return versions
    .map((version) => html`<link rel="alternate" hreflang="${version.tag}" href="${version.url}">`.value)
    .join("\n");
}

/**
 * The language menu: a plain list of links (no JavaScript), each in its own language; a language
 * without this page links to its home page. "" for a site in one language.
 *
 * @param options.site - the site's languages and pages
 * @param options.url - the page's address
 */
export function languageMenu(options: { site: SiteLanguages; url: string }): string {
  const { site, url, ...rest } = options;
  rejectUnknownOptions("languageMenu", rest);
  if (site.languages.length < 2) return "";
  const current = languageOfUrl(site.languages, url);
  const versions = site.pageLanguages[url] ?? [];
  const links = site.languages.map((language) => {
    const href =
      versions.find((version) => version.tag === language.tag)?.url ?? languageUrls(language.prefix).home;
    return html`<li><a href="${href}" hreflang="${language.tag}" lang="${language.tag}" dir="${language.dir}"${
      language === current ? html` aria-current="page"` : ""
    }>${language.ui["language.name"]}</a></li>`;
  });
  return html`<nav class="language-menu" aria-label="${current.ui["layout.language_menu"]}"><ul>${links}</ul></nav>`
    .value;
}

/** The header's "in danger, call …" line with the first emergency number, or "" when the site lists none. */
export function urgentCall(language: SiteLanguage): string {
  const first = language.site.emergency[0];
  if (!first) return "";
  return fillHtml(language.ui["layout.urgent"], { number: telLink(first.number) }).value;
}

/** The footer's line naming the shared reporting address, as a link. */
export function reportingAddress(language: SiteLanguage): string {
  return fillHtml(language.ui["layout.reporting_address"], { email: mailLink(language.site.alias.email) })
    .value;
}
