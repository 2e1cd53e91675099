import { languageOfUrl } from "../i18n/translations.ts";
import type { UiKey } from "../i18n/ui-strings.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import type { BrandData } from "./brand.ts";
import { escapeHtml, escapeTemplateOutput as text } from "./html.ts";
import {
  alternateLinks,
  languageMenu,
  reportingAddress,
  type SiteLanguages,
  urgentCall,
} from "./language-links.ts";
import { languageUrls, urls } from "./urls.ts";

/** A link in a menu: a page's address and its label (front matter's `nav.label` or `footer`). */
export interface MenuLink {
  url: string;
  label: unknown;
}

/** Options of {@link pageShell}. */
export interface PageShellOptions {
  /** The site's languages and each page's versions (the validated content). */
  site: SiteLanguages;
  /** The page's address, title and description (front matter; a title or description may be missing). */
  page: { url: string; title?: unknown; description?: unknown };
  /** The page's rendered body. */
  body: string;
  /** The page's Content-Security-Policy as a `<meta>` (src/eleventy/headers.ts). */
  policyMeta: string;
  /** The event's logo, favicon and accent stylesheet. */
  brand: BrandData;
  /** The main menu's pages, in every language (the shell keeps the page's own). */
  mainMenu: readonly MenuLink[];
  /** The footer's pages, in every language. */
  footerMenu: readonly MenuLink[];
  /** The quick-exit script's address. */
  quickExitScript: string;
  /** The `sha384-…` of a file the build publishes. */
  integrity: (url: string) => string;
}

/** Liquid's truth: everything but false, null and undefined (an empty text too), as the layout tested it. */
const given = (value: unknown) => value !== false && value !== null && value !== undefined;

/**
 * Every page's shell, around its body: the head (policy, title, stylesheets with their integrity,
 * the quick-exit script), the header (skip link, quick exit, the event's name, the menu, the report
 * link, the language menu, the emergency line), the demo banner, and the footer; in the page's
 * language, which is its address's (src/i18n/translations.ts).
 *
 * Written in TypeScript rather than Liquid because every page of a build runs it: compiled once, it
 * costs microseconds a page, where the Liquid layout with its dozen shortcodes cost about a
 * millisecond (issue 11). Values are escaped as the layout's `{{ … }}` escaped them
 * (`escapeTemplateOutput`), UI strings as its `{% t %}` did (`escapeHtml`).
 *
 * @param options.site - the site's languages and each page's versions
 * @param options.page - the page's address, title and description
 * @param options.body - the page's rendered body
 * @param options.policyMeta - the page's policy as a `<meta>`
 * @param options.brand - the event's logo, favicon and accent stylesheet
 * @param options.mainMenu - the main menu's pages, in every language
 * @param options.footerMenu - the footer's pages, in every language
 * @param options.quickExitScript - the quick-exit script's address
 * @param options.integrity - a published file's integrity, by address
 */
export function pageShell(options: PageShellOptions): string {
  const { site, page, body, policyMeta, brand, mainMenu, footerMenu, quickExitScript, integrity, ...rest } =
    options;
  rejectUnknownOptions("pageShell", rest);
  const language = languageOfUrl(site.languages, page.url);
  const { home, report } = languageUrls(language.prefix);
  const event = language.site.event;
  const t = (key: UiKey) => escapeHtml(language.ui[key]);
  const inLanguage = (links: readonly MenuLink[]) =>
    links.filter((link) => languageOfUrl(site.languages, link.url) === language);
  const stylesheet = (url: string) =>
    `<link rel="stylesheet" href="${text(url)}" integrity="${text(integrity(url))}">\n`;
  const title = given(page.title) ? text(page.title) : null;

  return `<!doctype html>
<html lang="${text(language.tag)}" dir="${text(language.dir)}">
<head>
<meta charset="utf-8">
${policyMeta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title === null ? "" : `${title} · `}${text(event.name)}</title>
${given(page.description) ? `<meta name="description" content="${text(page.description)}">` : ""}
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
${alternateLinks({ site, url: page.url })}
${
  brand.favicon
    ? `<link rel="icon" href="${text(brand.favicon.url)}" type="${text(brand.favicon.type)}">\n`
    : ""
}${stylesheet(urls.stylesheet)}${
  body.includes('class="report-island"') ? stylesheet(urls.formStylesheet) : ""
}${brand.stylesheet ? stylesheet(brand.stylesheet) : ""}<script type="module" src="${text(quickExitScript)}" integrity="${text(integrity(quickExitScript))}"></script>
</head>
<body>
<a class="skip-link" href="#main">${t("layout.skip_link")}</a>
<header class="site-header">
<div class="masthead">
<a class="quick-exit" href="${text(language.site.quick_exit)}" data-quick-exit data-once="${t("layout.quick_exit_once_more")}" data-twice="${t("layout.quick_exit_twice_more")}" rel="noreferrer" aria-describedby="quick-exit-keys">${t("layout.quick_exit")}<span class="quick-exit-keys" id="quick-exit-keys" aria-hidden="true">${t("layout.quick_exit_keys")}</span></a>
<p class="site-name"><a href="${text(home)}">${
    brand.logo ? `<img class="logo" src="${text(brand.logo)}" alt="" height="40">` : ""
  }<span>${text(event.name)}</span></a></p>
</div>
<p class="quick-exit-status visually-hidden" role="status" data-quick-exit-status></p>
<div class="toolbar">
<details class="menu">
<summary>${t("layout.menu")}</summary>
<nav aria-label="${t("layout.main_menu")}">
<ul>${inLanguage(mainMenu)
    .map(
      (link) =>
        `<li${link.url === report ? ' class="nav-report"' : ""}><a href="${text(link.url)}"${
          page.url === link.url ? ' aria-current="page"' : ""
        }>${text(link.label)}</a></li>`,
    )
    .join("")}</ul>
</nav>
</details>
${page.url === report ? "" : `<a class="report-link" href="${text(report)}">${t("layout.report_link")}</a>`}
${languageMenu({ site, url: page.url })}
</div>
<p class="urgent">${urgentCall(language)}</p>
</header>
${
  given(language.site.demo)
    ? `<p class="demo-banner" role="note"><strong>${t("layout.demo_title")}</strong> ${t("layout.demo_text")}</p>`
    : ""
}
<main id="main" tabindex="-1">
${title === null ? "" : `<h1>${title}</h1>`}
${body}
</main>
<footer class="site-footer">
<p><bdi>${text(event.name)}</bdi>${given(event.dates) ? ` · <bdi>${text(event.dates)}</bdi>` : ""}${
    given(event.place) ? ` · <bdi>${text(event.place)}</bdi>` : ""
  }</p>
<p>${inLanguage(footerMenu)
    .map((link) => `<a href="${text(link.url)}">${text(link.label)}</a> · `)
    .join("")}${reportingAddress(language)}</p>
</footer>
</body>
</html>
`;
}
