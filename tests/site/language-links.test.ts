import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { alternateLinks, languageMenu, reportingAddress, urgentCall } from "../../src/site/language-links.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

const content = (await loadContent({ dir: EXAMPLE_CONTENT })).content;
if (!content) throw new Error("the example does not load");
const english = content.languages[0];
const spanish = content.languages.find((language) => language.tag === "es");
if (!english || !spanish) throw new Error("the example has no Spanish translation");

describe("links between a page's languages", () => {
  it("names every version of a translated page, its own included", () => {
    const links = alternateLinks({ site: content, url: "/es/code-of-conduct/" }).split("\n");
    expect(links).toContain(`<link rel="alternate" hreflang="${english.tag}" href="/code-of-conduct/">`);
    expect(links).toContain('<link rel="alternate" hreflang="es" href="/es/code-of-conduct/">');
    expect(links).toHaveLength(content.languages.length);
  });

  it("names none for a page in one language only", () => {
    expect(alternateLinks({ site: content, url: "/no-such-page/" })).toBe("");
  });

  it("lists each language in its own words, marks the page's own, and sends a missing version to that language's home", () => {
    const menu = languageMenu({ site: content, url: "/es/code-of-conduct/" });
    expect(menu).toContain('<nav class="language-menu" aria-label="Idiomas"><ul>');
    expect(menu).toContain(
      '<a href="/es/code-of-conduct/" hreflang="es" lang="es" dir="ltr" aria-current="page">',
    );
    expect(menu).toContain(
      `<a href="/code-of-conduct/" hreflang="${english.tag}" lang="${english.tag}" dir="ltr">`,
    );
    const alone = languageMenu({ site: content, url: "/guide/only-in-english/" });
    expect(alone).toContain('<a href="/es/" hreflang="es"');
  });

  it("prints no menu for a site in one language", () => {
    expect(languageMenu({ site: { ...content, languages: [english] }, url: "/" })).toBe("");
  });

  it("refuses an unknown option", () => {
    expect(() => alternateLinks({ site: content, url: "/", lang: "es" } as never)).toThrow(
      "unknown option lang",
    );
  });
});

describe("the header's emergency line and the footer's reporting address", () => {
  it("calls the first emergency number, in the page's language", () => {
    const first = spanish.site.emergency[0]?.number ?? "";
    expect(urgentCall(spanish)).toContain(`href="tel:${first.replace(/[^\d+]/g, "")}"`);
    expect(urgentCall(spanish)).toMatch(/^¿Hay peligro\? Llama al /);
  });

  it("prints nothing when the site lists no emergency number", () => {
    expect(urgentCall({ ...english, site: { ...english.site, emergency: [] } })).toBe("");
  });

  it("links the shared address", () => {
    expect(reportingAddress(english)).toContain(`<a href="mailto:${english.site.alias.email}">`);
  });
});
