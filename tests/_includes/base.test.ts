import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { sharedExamplePages, sharedExampleSite } from "../helpers/run-resources.ts";

// The page shell (src/_includes/base.liquid), checked on every built page of the example, one test
// per page (issue 13): the quick exit is a promise of every page, not only of the report page.

const out = await sharedExampleSite();
const pages = await sharedExamplePages();
// site.yaml's quick_exit, or the schema's default when the example leaves it out.
const quickExit = (await loadContent({ dir: EXAMPLE_CONTENT })).content?.site.quick_exit;

/** The file a page address is served from. */
const fileOf = (url: string) => (url.endsWith("/") ? `${url}index.html` : url).slice(1);

/** The opening tags of the links in a page's body, in document order. */
function bodyLinks(html: string): string[] {
  const body = html.slice(html.indexOf("<body"));
  return [...body.matchAll(/<a\s[^>]*>/g)].map((match) => match[0]);
}

describe("the page shell", () => {
  it("finds the pages of every language", () => {
    expect(pages.length).toBeGreaterThanOrEqual(30);
  });

  it.each(
    pages,
  )("gives %s the quick-exit link to site.yaml's quick_exit, right after the skip link, and its script", async (url) => {
    const html = await readFile(join(out, fileOf(url)), "utf8");
    const links = bodyLinks(html);
    const quickExits = links.filter((tag) => /\sdata-quick-exit[\s>=]/.test(tag));
    expect(quickExits, `issue 13: ${url} has exactly one quick-exit link`).toHaveLength(1);
    expect(quickExit).toMatch(/^https:\/\//);
    expect(quickExits[0]).toContain(`href="${quickExit}"`);
    expect(quickExits[0]).toContain('rel="noreferrer"');
    // Reachable at once from the keyboard: the second stop, after the skip link.
    expect(links.indexOf(quickExits[0] ?? ""), url).toBe(1);
    expect(links[0]).toContain('class="skip-link"');
    // Its text is not empty, and the script that makes it leave without a trace is loaded.
    const text = html
      .slice(html.indexOf(quickExits[0] ?? "") + (quickExits[0]?.length ?? 0))
      .split("</a>")[0];
    expect(text?.trim(), url).not.toBe("");
    expect(html).toMatch(
      /<script type="module" src="\/assets\/js\/quick-exit-[A-Z0-9]+\.js" integrity="sha384-/,
    );
  });
});
