import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildDeskPage } from "../../src/desk/page-bundle.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";

describe("the desk's page", () => {
  it("is one small script and one stylesheet, with no inline code and no address elsewhere", {
    timeout: 30_000,
  }, async () => {
    const page = await buildDeskPage();
    // Budgets: 16 KB of JavaScript gzipped (Preact and the whole desk), 4 KB of CSS.
    expect(gzipSync(page.js).length).toBeLessThan(16 * 1024);
    expect(gzipSync(page.css).length).toBeLessThan(4 * 1024);
    expect(page.html).not.toMatch(/<script>|<style|\son[a-z]+=/);
    expect(page.html).toContain('<script type="module" src="/desk.js"></script>');
    // Preact names the SVG and MathML namespaces; nothing else points anywhere.
    for (const text of [page.html, page.js, page.css]) {
      expect(text.replace(/http:\/\/www\.w3\.org\/[0-9]{4}\/[A-Za-z/]+/g, "")).not.toMatch(/https?:\/\//);
    }
  });

  it("prints report text only as text: no HTML sink in the page's own code", async () => {
    const dir = join(PROJECT_ROOT, "src/desk/page");
    for (const name of await readdir(dir)) {
      const source = await readFile(join(dir, name), "utf8");
      expect(source, name).not.toMatch(
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/,
      );
    }
  });
});
