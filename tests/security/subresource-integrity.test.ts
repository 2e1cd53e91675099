import { createHash } from "node:crypto";
import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { isContentError } from "../../src/check/diagnostic.ts";
import { parseManifest } from "../../src/site/build-manifest.ts";
import { subresourcesOf } from "../../src/site/subresource-integrity.ts";
import { listFiles } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { settle, watchPage } from "../helpers/page-watch.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";
import { serveCopy } from "../helpers/served-copy.ts";

// Issue 6: every script, stylesheet and module preload names the SHA-384 of the file actually
// written; the chunks the form imports later are covered by the manifest; the browser refuses a
// file that was changed after the build.

const sha384 = (bytes: Buffer) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
let context: BrowserContext | undefined;
let files: string[] = [];
let pages: string[] = [];

beforeAll(async () => {
  site = shared.site();
  browser = shared.browser();
  files = await listFiles(site.out);
  pages = files.filter((file) => file.endsWith(".html"));
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

describe("subresource integrity", () => {
  it("gives every script, stylesheet and preload of every page the SHA-384 of the file written", async () => {
    let checked = 0;
    for (const page of pages) {
      const resources = subresourcesOf(await readFile(join(site.out, page), "utf8"));
      const loaded = resources.filter((resource) => resource.url !== null);
      expect(loaded.length, page).toBeGreaterThanOrEqual(2); // the stylesheet and the quick-exit script
      for (const resource of resources) {
        expect(resource.inlineCode, `${page}: ${resource.tag}`).toBe(false);
        if (resource.url === null) {
          expect(resource.tag, page).toBe('<script type="application/json" id="report-form-props">');
          continue;
        }
        expect(resource.url, page).toMatch(/^\/[^/]/);
        expect(resource.integrity, `${page}: ${resource.tag}`).toBe(
          sha384(await readFile(join(site.out, resource.url))),
        );
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(pages.length * 2);
  });

  it("preloads, with their integrity, every chunk the report form imports before it runs", async () => {
    const html = await readFile(join(site.out, "report/index.html"), "utf8");
    const entry = subresourcesOf(html).find((r) => r.url?.includes("/report-form-"))?.url ?? "";
    const code = await readFile(join(site.out, entry), "utf8");
    const staticImports = [...code.matchAll(/(?:^|[;}])\s*import\s*(?:[\w${}*,\s]+from\s*)?"([^"]+)"/g)].map(
      (m) => new URL(m[1] ?? "", `http://site${entry}`).pathname,
    );
    expect(staticImports.length).toBeGreaterThan(0);
    const preloaded = subresourcesOf(html)
      .filter((r) => r.tag.includes('rel="modulepreload"'))
      .map((r) => r.url);
    expect(preloaded.sort()).toEqual([...new Set(staticImports)].sort());
  });

  it("lists the chunks no page can name (the lazily loaded OpenPGP code) in the manifest, with their SHA-256", async () => {
    const named = new Set(
      (
        await Promise.all(
          pages.map(async (page) =>
            subresourcesOf(await readFile(join(site.out, page), "utf8")).map((r) => r.url),
          ),
        )
      ).flat(),
    );
    const lazy = files.filter((file) => file.endsWith(".js") && !named.has(`/${file}`));
    expect(lazy.some((file) => /chunks\/seal-report-/.test(file))).toBe(true);
    const parsed = parseManifest(await readFile(join(site.out, ".well-known/confide.json"), "utf8"));
    if (parsed.kind !== "manifest") throw new Error(parsed.message);
    for (const file of lazy)
      expect(parsed.manifest.files[`/${file}`], file).toBe(sha256(await readFile(join(site.out, file))));
  });

  it("makes Chromium refuse a bundle or a stylesheet changed after the build: the form never starts", async () => {
    const html = await readFile(join(site.out, "report/index.html"), "utf8");
    const entry = subresourcesOf(html).find((r) => r.url?.includes("/report-form-"))?.url ?? "";
    const tampered = await serveCopy(site.out, async (dir) => {
      await appendFile(join(dir, entry), '\ndocument.title = "tampered";\n');
      await appendFile(join(dir, "assets/site.css"), "\nbody { display: none; }\n");
    });
    try {
      context = await browser.newContext();
      const page = await context.newPage();
      const watch = await watchPage(page);
      await page.goto(`${tampered.url}/report/`);
      await page.waitForLoadState("load");
      await expect
        .poll(() => watch.problems.filter((p) => /integrity/i.test(p)).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(2);
      await settle(page);
      expect(await page.title()).not.toBe("tampered");
      expect(await page.locator("fieldset.report-fieldset").getAttribute("disabled")).not.toBeNull();
      expect(await page.locator("body").isVisible()).toBe(true);
      const refused = watch.problems.filter((p) => /integrity/i.test(p));
      expect(refused.some((p) => p.includes(entry))).toBe(true);
      expect(refused.some((p) => p.includes("/assets/site.css"))).toBe(true);
    } finally {
      await tampered.stop();
    }
  });
});

describe("the build's integrity check", () => {
  /** Builds the example with markup added to the home page; returns the build's error, if any. */
  const buildWith = async (body: string): Promise<unknown> => {
    const index = await readFile(join(EXAMPLE_CONTENT, "index.md"), "utf8");
    const folder = await contentFolder({ "index.md": `${index}\n\n${body}\n` });
    const out = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      await buildSite({ contentDir: folder.dir, outDir: out });
      return null;
    } catch (error) {
      return error;
    } finally {
      await folder.cleanup();
      await rm(out, { recursive: true, force: true });
    }
  };

  for (const [what, body, message] of [
    [
      "an inline script",
      "<script>alert(1)</script>",
      "/: an inline script, which the site's Content-Security-Policy blocks",
    ],
    [
      "a script from another site",
      '<script src="https://cdn.example/analytics.js"></script>',
      '/: <script src="https://cdn.example/analytics.js"> loads from another site',
    ],
    [
      "a script the build did not make",
      '<script type="module" src="/assets/js/extra.js"></script>',
      '/: <script type="module" src="/assets/js/extra.js"> loads a file the build did not write',
    ],
    [
      "a stylesheet without integrity",
      '<link rel="stylesheet" href="/assets/site.css">',
      '/: <link rel="stylesheet" href="/assets/site.css"> has no integrity attribute',
    ],
  ] as const) {
    it(`fails the build on ${what} in an organiser's page, naming the page`, async () => {
      const error = (await buildWith(body)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(isContentError(error)).toBe(false);
      expect(error.message).toContain("Subresource integrity check failed");
      expect(error.message).toContain(message);
    });
  }

  it("accepts a page whose markup is all the site's own", async () => {
    expect(await buildWith("<p>Nothing but text.</p>")).toBeNull();
  });
});
