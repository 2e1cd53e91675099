import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import type { BrandData } from "../../src/site/brand.ts";
import { type PageShellOptions, pageShell } from "../../src/site/page-shell.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

const content = (await loadContent({ dir: EXAMPLE_CONTENT })).content;
if (!content) throw new Error("the example does not load");

const NO_BRAND: BrandData = { logo: null, favicon: null, stylesheet: null };
const menu = [
  { url: "/code-of-conduct/", label: "Code of conduct" },
  { url: "/report/", label: "Report" },
  { url: "/es/code-of-conduct/", label: "Código de conducta" },
  { url: "/es/report/", label: "Informar" },
];

/** The shell of one page of the example, with a fake integrity that names the file. */
const shell = (overrides: Partial<PageShellOptions> = {}) =>
  pageShell({
    site: content,
    page: { url: "/code-of-conduct/", title: "Code of conduct", description: "How we treat each other." },
    body: "<p>Be kind.</p>",
    policyMeta: '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
    brand: NO_BRAND,
    mainMenu: menu,
    footerMenu: [
      { url: "/responder-guide/", label: "Guide for responders" },
      { url: "/es/responder-guide/", label: "Guía" },
    ],
    quickExitScript: "/assets/js/quick-exit.js",
    integrity: (url) => `sha384-of-${url}`,
    ...overrides,
  });

describe("every page's shell (issue 11: the layout as compiled TypeScript)", () => {
  it("wraps the body in the head, header and footer, with the title, description and policy", () => {
    const html = shell();
    const head = `<!doctype html>\n<html lang="${content.site.lang}" dir="ltr">\n<head>\n<meta charset="utf-8">\n<meta http-equiv=`;
    expect(html.slice(0, head.length)).toBe(head);
    expect(html.endsWith("</footer>\n</body>\n</html>\n")).toBe(true);
    expect(html).toContain(`<title>Code of conduct · ${content.site.event.name}</title>`);
    expect(html).toContain('<meta name="description" content="How we treat each other.">');
    expect(html).toContain(
      '<main id="main" tabindex="-1">\n<h1>Code of conduct</h1>\n<p>Be kind.</p>\n</main>',
    );
    expect(html).toContain(
      '<script type="module" src="/assets/js/quick-exit.js" integrity="sha384-of-/assets/js/quick-exit.js"></script>',
    );
  });

  it("leaves out the title's prefix, the heading and the description when the page has none", () => {
    const html = shell({ page: { url: "/" } });
    expect(html).toContain(`<title>${content.site.event.name}</title>`);
    expect(html).not.toContain("<h1>");
    expect(html).not.toContain('name="description"');
  });

  it("escapes the page's values as templates do: markup never, an apostrophe left for the typographer", () => {
    const html = shell({ page: { url: "/x/", title: `<b>Ada's "rules"</b>` } });
    expect(html).toContain("<h1>&lt;b&gt;Ada's &quot;rules&quot;&lt;/b&gt;</h1>");
  });

  it("speaks the page's language: its words, direction, menu links and report link", () => {
    const html = shell({ page: { url: "/es/code-of-conduct/", title: "Código" } });
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain('<a class="skip-link" href="#main">Ir al contenido</a>');
    expect(html).toContain(
      '<ul><li><a href="/es/code-of-conduct/" aria-current="page">Código de conducta</a></li><li class="nav-report"><a href="/es/report/">Informar</a></li></ul>',
    );
    expect(html).toContain('<a class="report-link" href="/es/report/">Informar de un incidente</a>');
    expect(html).toContain('<p><a href="/es/responder-guide/">Guía</a> · Dirección para informar:');
    expect(html).not.toContain("Guide for responders");
    const arabic = shell({ page: { url: "/ar/" } });
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
  });

  it("leaves the report link out of the report page itself", () => {
    expect(shell({ page: { url: "/report/" } })).not.toContain('class="report-link"');
    expect(shell()).toContain('<a class="report-link" href="/report/">');
  });

  it("links the form's stylesheet only from a page that holds the form, with its integrity", () => {
    const form =
      '<link rel="stylesheet" href="/assets/report-form.css" integrity="sha384-of-/assets/report-form.css">';
    expect(shell()).not.toContain(form);
    expect(shell({ body: '<div id="confide-report" class="report-island"></div>' })).toContain(form);
  });

  it("shows the event's logo, favicon and accent stylesheet when site.yaml sets them", () => {
    const html = shell({
      brand: {
        logo: "/assets/logo.svg",
        favicon: { url: "/assets/favicon.png", type: "image/png" },
        stylesheet: "/assets/accent.css",
      },
    });
    expect(html).toContain(
      '<link rel="icon" href="/assets/favicon.png" type="image/png">\n<link rel="stylesheet" href="/assets/site.css"',
    );
    expect(html).toContain(
      '<link rel="stylesheet" href="/assets/accent.css" integrity="sha384-of-/assets/accent.css">',
    );
    expect(html).toContain('<img class="logo" src="/assets/logo.svg" alt="" height="40"><span>');
    expect(shell()).not.toContain("logo");
  });

  it("says on every page that a demo site is a demo", () => {
    expect(content.site.demo).toBe(true);
    expect(shell()).toContain('<p class="demo-banner" role="note">');
    const real = {
      ...content,
      languages: content.languages.map((l) => ({ ...l, site: { ...l.site, demo: false } })),
    };
    expect(shell({ site: real })).not.toContain("demo-banner");
  });

  it("refuses an unknown option", () => {
    expect(() => shell({ layout: "x" } as Partial<PageShellOptions>)).toThrow(
      "pageShell: unknown option layout",
    );
  });
});
