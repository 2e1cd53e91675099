import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBrandFiles } from "../../src/build/brand-files.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { integrityOf } from "../../src/site/subresource-integrity.ts";
import { buildInto, readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#0f5132"/></svg>';
const ICON = Buffer.from("89504e470d0a1a0a", "hex").toString("latin1"); // a PNG signature is enough to publish

describe("the event's logo, accent colour and favicon in a built site (issue 14)", () => {
  let out = "";
  let cleanup = async () => {};
  beforeAll(async () => {
    const siteYaml = await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8");
    const folder = await contentFolder({
      "_data/site.yaml": `${siteYaml.trimEnd()}\nlogo: images/logo.svg\nfavicon: images/icon.png\naccent: { light: "#0f5132", dark: "#75d6a4" }\n`,
      "images/logo.svg": LOGO,
      "images/icon.png": ICON,
    });
    const built = await buildInto(folder.dir);
    out = built.out;
    cleanup = async () => {
      await built.cleanup();
      await folder.cleanup();
    };
  });
  afterAll(() => cleanup());

  it("shows the logo before the event's name, names the favicon, and links the accent stylesheet with its integrity", async () => {
    for (const page of ["index.html", "ar/reporting/index.html"]) {
      const html = await readOut(out, page);
      expect(html, page).toMatch(
        /<a href="[^"]*"><img class="logo" src="\/assets\/logo\.svg" alt="" height="40"><span>/,
      );
      expect(html, page).toContain('<link rel="icon" href="/assets/favicon.png" type="image/png">');
      const css = await readFile(join(out, "assets/accent.css"));
      expect(html, page).toContain(
        `<link rel="stylesheet" href="/assets/accent.css" integrity="${integrityOf(css)}">`,
      );
    }
    expect(await readOut(out, "assets/logo.svg")).toBe(LOGO);
    expect(await readOut(out, "assets/accent.css")).toContain("--accent:#0f5132;--on-accent:#ffffff");
    // The default icon is still there for the browsers that ask for /favicon.ico on their own.
    expect((await readFile(join(out, "favicon.ico"))).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });

  it("publishes only the default favicon for a site that sets none, and no accent stylesheet", async () => {
    const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
    if (!content) throw new Error("the example does not load");
    const files = await readBrandFiles({ site: content.site, contentDir: EXAMPLE_CONTENT });
    expect([...files.keys()]).toEqual(["/favicon.ico"]);
    await expect(
      readBrandFiles({ site: content.site, contentDir: EXAMPLE_CONTENT, extra: 1 } as never),
    ).rejects.toThrow(/unknown option extra/);
  });
});
