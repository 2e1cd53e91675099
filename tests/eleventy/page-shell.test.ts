import { describe, expect, it } from "vitest";
import { ISLAND_ID } from "../../src/client/island-ids.ts";
import type { Content } from "../../src/content/validate-content.ts";
import type { PreparedBuild } from "../../src/eleventy/build-pipeline.ts";
import type { CollectionItem } from "../../src/eleventy/eleventy-types.ts";
import { policyMetaTag } from "../../src/eleventy/headers.ts";
import pageShellPlugin from "../../src/eleventy/page-shell.ts";
import { integrityOf } from "../../src/site/subresource-integrity.ts";
import { exampleContent } from "../helpers/content-folder.ts";
import { callOnPage, FAKE_ISLAND, preparedBuildOf, recordingConfig } from "../helpers/plugin-config.ts";

const example = await exampleContent();
const exampleBuild = (await preparedBuildOf(example)).build;
const FORM_BODY = `<div id="${ISLAND_ID}" class="report-island"><form></form></div>`;

const item = (url: string, data: CollectionItem["data"]): CollectionItem => ({ url, data });
const MAIN_NAV = [
  item("/code-of-conduct/", { nav: { label: "Code <of> conduct" } }),
  item("/report/", { nav: { label: "Report" } }),
  item("/es/code-of-conduct/", { nav: { label: "Código" } }),
];
const FOOTER_NAV = [
  item("/responder-guide/", { footer: 'Guide & "help"' }),
  item("/es/responder-guide/", { footer: "Guía" }),
];

/** What the layout's Liquid context holds for a page (Eleventy's data, with the rendered body). */
function layoutData(page: { url: string; title?: unknown; description?: unknown; body?: string }) {
  return {
    content: page.body ?? "<p>Be kind.</p>",
    page: { url: page.url },
    title: page.title,
    description: page.description,
    collections: { mainNav: MAIN_NAV, footerNav: FOOTER_NAV },
  };
}

/** The page_shell shortcode over a build whose prepared state the test may swap. */
function shell(options: { build?: PreparedBuild; formEndpoint?: string } = {}) {
  let build = options.build ?? exampleBuild;
  const recorded = recordingConfig();
  pageShellPlugin(recorded.config, { prepared: { get: () => build }, formEndpoint: options.formEndpoint });
  return {
    render: (page: Parameters<typeof layoutData>[0]) =>
      callOnPage(recorded.shortcodes.get("page_shell"), { url: page.url, data: layoutData(page) }) as string,
    rebuild: (next: PreparedBuild) => {
      build = next;
    },
  };
}

const withSite = (site: Partial<Content["site"]>): Content => ({
  ...example,
  site: { ...example.site, ...site },
});

describe("the page_shell shortcode", () => {
  it("wraps the page's body in its shell, titled and described as its data says, escaped once", () => {
    const html = shell().render({
      url: "/code-of-conduct/",
      title: 'Rules <script>alert(1)</script> & "more"',
      description: "How we <b>treat</b> each other.",
    });
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB" dir="ltr">/);
    expect(html).toContain(
      `<title>Rules &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;more&quot; · ${example.site.event.name}</title>`,
    );
    expect(html).toContain('<meta name="description" content="How we &lt;b&gt;treat&lt;/b&gt; each other.">');
    expect(html).toContain('<main id="main" tabindex="-1">\n<h1>Rules &lt;script&gt;');
    expect(html).toContain("\n<p>Be kind.</p>\n</main>");
    expect(html).not.toContain("<script>alert");
  });

  it("lists the menus' pages of the page's language, from their front matter's labels, escaped", () => {
    const english = shell().render({ url: "/code-of-conduct/", title: "Code" });
    expect(english).toContain('<a href="/code-of-conduct/" aria-current="page">Code &lt;of&gt; conduct</a>');
    expect(english).toContain('<li class="nav-report"><a href="/report/">Report</a></li>');
    expect(english).toContain('<a href="/responder-guide/">Guide &amp; &quot;help&quot;</a> · ');
    expect(english).not.toContain("Código");
    const spanish = shell().render({ url: "/es/code-of-conduct/", title: "Código" });
    expect(spanish).toMatch(/<html lang="es"/);
    expect(spanish).toContain('<a href="/es/code-of-conduct/" aria-current="page">Código</a>');
    expect(spanish).toContain('<a href="/es/responder-guide/">Guía</a>');
    expect(spanish).not.toContain("Guide &amp;");
  });

  it("gives each page the policy for what it holds: only the form's page may post to the form's origin", () => {
    const origin = new URL(example.site.form?.endpoint ?? "").origin;
    const { render } = shell();
    expect(render({ url: "/report/", body: FORM_BODY })).toContain(
      policyMetaTag({ pageContent: FORM_BODY, formOrigin: origin }),
    );
    expect(render({ url: "/code-of-conduct/" })).toContain(
      policyMetaTag({ pageContent: "<p>Be kind.</p>", formOrigin: origin }),
    );
    expect(shell({ formEndpoint: "same-origin" }).render({ url: "/report/", body: FORM_BODY })).toContain(
      policyMetaTag({ pageContent: FORM_BODY, formOrigin: null }),
    );
    expect(
      shell({ formEndpoint: "https://inbox.example.org/f/x" }).render({ url: "/report/", body: FORM_BODY }),
    ).toContain(policyMetaTag({ pageContent: FORM_BODY, formOrigin: "https://inbox.example.org" }));
  });

  it("loads the quick-exit script and the stylesheets with the integrity of the bytes the build publishes", () => {
    const sri = (url: string) => integrityOf(exampleBuild.files.get(url) ?? new Uint8Array());
    const html = shell().render({ url: "/report/", body: FORM_BODY });
    expect(html).toContain(
      `<script type="module" src="${FAKE_ISLAND.quickExit}" integrity="${sri(FAKE_ISLAND.quickExit)}"></script>`,
    );
    expect(html).toContain(
      `<link rel="stylesheet" href="/assets/site.css" integrity="${sri("/assets/site.css")}">`,
    );
    expect(html).toContain(
      `<link rel="stylesheet" href="/assets/report-form.css" integrity="${sri("/assets/report-form.css")}">`,
    );
  });

  it("follows the build: a rebuild with a logo and accent in site.yaml shows them", () => {
    const { render, rebuild } = shell();
    expect(render({ url: "/" })).not.toContain('class="logo"');
    const branded = withSite({ logo: "images/logo.svg", accent: "#7a1f5c" });
    const accent = new TextEncoder().encode(":root{--accent:#7a1f5c}");
    rebuild({
      ...exampleBuild,
      content: branded,
      files: new Map([...exampleBuild.files, ["/assets/accent.css", accent]]),
    });
    const html = render({ url: "/" });
    expect(html).toContain('<img class="logo" src="/assets/logo.svg" alt="" height="40">');
    expect(html).toContain(
      `<link rel="stylesheet" href="/assets/accent.css" integrity="${integrityOf(accent)}">`,
    );
  });

  it("fails, naming the file, when the shell names a file the build does not publish", () => {
    const withoutQuickExit = new Map(exampleBuild.files);
    withoutQuickExit.delete(FAKE_ISLAND.quickExit);
    expect(() => shell({ build: { ...exampleBuild, files: withoutQuickExit } }).render({ url: "/" })).toThrow(
      `No integrity for ${FAKE_ISLAND.quickExit}: this build does not publish that file.`,
    );
  });

  it("refuses to run outside a page, saying it is the layout", () => {
    const recorded = recordingConfig();
    pageShellPlugin(recorded.config, { prepared: { get: () => exampleBuild } });
    expect(() => callOnPage(recorded.shortcodes.get("page_shell"), { url: "/" })).toThrow(
      "{% page_shell %} is the layout: it needs a page to render.",
    );
  });
});
