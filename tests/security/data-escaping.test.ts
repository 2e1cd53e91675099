import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildInto, listFiles, readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

/**
 * Issue 10: every data value that reaches a page is escaped. Markup itself is refused by confide check
 * (tests/check/html-in-data.test.ts), so the values here are the text the check lets through: angle
 * brackets, ampersands and quotes, which must reach the page as text.
 */

const NAME = 'Adaeze <3 & "Ada" Okafor';
const ESCAPED_NAME = "Adaeze &lt;3 &amp; &quot;Ada&quot; Okafor";
const EVENT = "Tidewater <3 & Friends";
const ESCAPED_EVENT = "Tidewater &lt;3 &amp; Friends";

describe("data values in built pages", () => {
  it("issue 10: reach every page escaped: titles, headings, markdown pages and shortcodes", async () => {
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")).replace(
      "name: Adaeze Okafor",
      `name: '${NAME}'`,
    );
    const site = (await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8")).replace(
      "name: Tidewater Tech Days 2027",
      `name: '${EVENT}'`,
    );
    const folder = await contentFolder({ "_data/roster.yaml": roster, "_data/site.yaml": site });
    const built = await buildInto(folder.dir).finally(() => folder.cleanup());
    try {
      const profile = await readOut(built.out, "responders/ada/index.html");
      expect(profile).toContain(`<title>${ESCAPED_NAME} · ${ESCAPED_EVENT}</title>`);
      expect(profile).toContain(`<h1>${ESCAPED_NAME}</h1>`);
      const home = await readOut(built.out, "index.html");
      expect(home).toContain(`Welcome to ${ESCAPED_EVENT}.`);
      const pages = (await listFiles(built.out)).filter((file) => file.endsWith(".html"));
      expect(pages.length).toBeGreaterThan(10);
      for (const page of pages) {
        const text = await readOut(built.out, page);
        expect(text, page).not.toContain("<3");
        expect(text, page).not.toContain('"Ada"');
      }
    } finally {
      await built.cleanup();
    }
  });
});
