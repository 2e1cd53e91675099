import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { finishBuild, type RenderedFile } from "../../src/build/finish-build.ts";
import { ISLAND_ID } from "../../src/client/island-ids.ts";
import { parseManifest } from "../../src/site/build-manifest.ts";
import { integrityOf } from "../../src/site/subresource-integrity.ts";
import { urls } from "../../src/site/urls.ts";
import { exampleContent, NOW } from "../helpers/content-folder.ts";

const { responders } = await exampleContent();

const SCRIPT = new TextEncoder().encode("console.log('island');");
const STYLE = new TextEncoder().encode("body { color: black; }");
const FILES = new Map([
  ["/assets/island.js", SCRIPT],
  ["/assets/site.css", STYLE],
]);

/** A page as Eleventy renders it to `<url>index.html`. */
const page = (url: string, body: string): RenderedFile => ({
  url,
  outputPath: `_site${url}index.html`,
  content: `<!doctype html><html><head><link rel="stylesheet" href="/assets/site.css" integrity="${integrityOf(STYLE)}"></head><body>${body}</body></html>`,
});

const REPORT_PAGE = page(
  "/report/",
  `<div id="${ISLAND_ID}"></div><script type="module" src="/assets/island.js" integrity="${integrityOf(SCRIPT)}"></script>`,
);
const HOME = page("/", "<h1>Tidewater Tech Days</h1>");

const finish = (pages: readonly RenderedFile[], more: Partial<Parameters<typeof finishBuild>[0]> = {}) =>
  finishBuild({ pages, files: FILES, responders, formOrigin: "https://formspree.io", builtAt: NOW, ...more });

/** The Subresource integrity error finishBuild throws for these pages, as text. */
function integrityFailure(pages: readonly RenderedFile[]): string {
  try {
    finish(pages);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("finishBuild accepted the pages");
}

describe("finishBuild", () => {
  it("rejects an unknown option", () => {
    expect(() => finish([HOME], { outDir: "_site" } as never)).toThrow("finishBuild: unknown option outDir");
  });

  it("returns the given files, _headers and the manifest, and not the pages (Eleventy writes those)", () => {
    const output = finish([HOME, REPORT_PAGE]);
    expect([...output.keys()].sort()).toEqual(
      ["/assets/island.js", "/assets/site.css", urls.headersFile, urls.manifest].sort(),
    );
    expect(output.get("/assets/island.js")).toBe(SCRIPT);
  });

  it("lets only the page with the form post to the form's origin in _headers", () => {
    const headers = String(finish([HOME, REPORT_PAGE]).get(urls.headersFile));
    const rule = (path: string) =>
      headers.split(/\n(?=\S)/).find((block) => block.startsWith(`${path}\n`)) ?? "";
    expect(rule("/report/")).toContain("https://formspree.io");
    expect(rule("/*")).not.toContain("https://formspree.io");
  });

  it("hashes every page and file in the manifest, itself excluded, with the report recipients", () => {
    const output = finish(
      [HOME, REPORT_PAGE, { url: "/feed.xml", outputPath: "_site/feed.xml", content: "<rss/>" }],
      {
        formEndpoint: "https://formspree.io/f/xyz",
      },
    );
    const parsed = parseManifest(String(output.get(urls.manifest)));
    if (parsed.kind !== "manifest") throw new Error(`the manifest does not parse: ${JSON.stringify(parsed)}`);
    const sha256 = (contents: string | Uint8Array) => createHash("sha256").update(contents).digest("hex");
    expect(parsed.manifest.files).toEqual({
      "/": sha256(HOME.content),
      "/report/": sha256(REPORT_PAGE.content),
      "/feed.xml": sha256("<rss/>"),
      "/assets/island.js": sha256(SCRIPT),
      "/assets/site.css": sha256(STYLE),
      [urls.headersFile]: sha256(String(output.get(urls.headersFile))),
    });
    expect(parsed.manifest.formEndpoint).toBe("https://formspree.io/f/xyz");
    expect(parsed.manifest.builtAt).toBe("2027-03-01T12:00:00Z");
    expect(parsed.manifest.recipients.map((r) => r.id)).toEqual(
      responders.filter((r) => r.receives_reports).map((r) => r.id),
    );
  });

  it("leaves out what Eleventy does not write", () => {
    const output = finish([HOME, { url: false, outputPath: false, content: "<script>alert(1)</script>" }]);
    const parsed = parseManifest(String(output.get(urls.manifest)));
    if (parsed.kind !== "manifest") throw new Error("the manifest does not parse");
    expect(Object.keys(parsed.manifest.files)).not.toContain("false");
  });

  it("names every page that breaks the integrity rules, each with its fix", () => {
    const message = integrityFailure([
      page("/inline/", "<script>alert(1)</script>"),
      page("/cdn/", '<script src="https://cdn.example/x.js"></script>'),
      page("/protocol-relative/", '<script src="//cdn.example/x.js"></script>'),
      page("/missing/", `<script src="/assets/gone.js" integrity="${integrityOf(SCRIPT)}"></script>`),
      page("/bare/", '<script type="module" src="/assets/island.js"></script>'),
      page(
        "/wrong/",
        `<script type="module" src="/assets/island.js" integrity="${integrityOf(STYLE)}"></script>`,
      ),
    ]);
    expect(message.split("\n")).toEqual([
      "Subresource integrity check failed:",
      "  /inline/: an inline script, which the site's Content-Security-Policy blocks. Remove it from the page.",
      expect.stringMatching(/^ {2}\/cdn\/: .* loads from another site\. .*remove it\.$/),
      expect.stringMatching(/^ {2}\/protocol-relative\/: .* loads from another site\./),
      expect.stringMatching(/^ {2}\/missing\/: .* loads a file the build did not write\.$/),
      expect.stringMatching(/^ {2}\/bare\/: .* has no integrity attribute/),
      expect.stringMatching(/^ {2}\/wrong\/: .* names the wrong integrity/),
    ]);
    expect(message).toContain(
      `/bare/: <script type="module" src="/assets/island.js"> has no integrity attribute (the file's is ${integrityOf(SCRIPT)}).`,
    );
  });

  it("checks a subresource by its path, whatever query or fragment its address has", () => {
    const cacheBusted = page(
      "/report/",
      `<script type="module" src="/assets/island.js?v=2#x" integrity="${integrityOf(SCRIPT)}"></script>`,
    );
    expect(() => finish([cacheBusted])).not.toThrow();
  });

  it("checks the integrity against a rendered page's bytes too", () => {
    const feed: RenderedFile = { url: "/data.json", outputPath: "_site/data.json", content: "{}" };
    const linking = page("/links/", `<script src="/data.json" integrity="${integrityOf("{}")}"></script>`);
    expect(() => finish([feed, linking])).not.toThrow();
    const wrong = page("/links/", `<script src="/data.json" integrity="${integrityOf("[]")}"></script>`);
    expect(integrityFailure([feed, wrong])).toContain("/links/: ");
  });
});
