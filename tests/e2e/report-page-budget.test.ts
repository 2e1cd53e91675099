import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_TRANSLATIONS } from "../helpers/content-folder.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";

/** The JavaScript the report page loads before the reporter interacts, gzipped. */
const INITIAL_JS_BUDGET = 40 * 1024;
/** Everything the report page loads to send a report (HTML, CSS, all JavaScript), gzipped. */
const WHOLE_PAGE_BUDGET = 130 * 1024;

/** Sizes are measured, deterministically, as gzip -9 of the built files: not timed, not transferred. */
const gzipped = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length;

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});

describe("the report page's size budget", () => {
  it(`loads at most ${INITIAL_JS_BUDGET / 1024} KB of JavaScript before the reporter interacts, and no OpenPGP code`, async () => {
    const html = await readFile(join(site.out, "report/index.html"), "utf8");
    const initial = [
      ...[...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1] ?? ""),
      ...[...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1] ?? ""),
    ];
    expect(initial.some((url) => url.includes("report-form-"))).toBe(true);
    let total = 0;
    for (const url of initial) {
      const code = await readFile(join(site.out, url));
      expect(code.toString()).not.toMatch(/BEGIN PGP MESSAGE|createMessage/);
      total += gzipped(code);
    }
    expect(total).toBeLessThanOrEqual(INITIAL_JS_BUDGET);
  });

  it(`stays under ${WHOLE_PAGE_BUDGET / 1024} KB in all, with the OpenPGP code it loads lazily to send a report, in every language`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const loaded = new Map<string, number>();
    page.on("response", async (response) => {
      if (response.request().method() !== "GET") return;
      loaded.set(response.url(), gzipped(await response.body()));
    });
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    await page.locator("#report-what").fill("A report, to load everything sending needs.");
    await page.locator("button.send").click();
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    await context.close();

    const urls = [...loaded.keys()].map((url) => new URL(url).pathname);
    expect(urls).toContain("/report/");
    expect(urls).toContain("/assets/site.css");
    expect(urls.some((path) => /\/chunks\/seal-report-/.test(path))).toBe(true);
    const total = [...loaded.values()].reduce((sum, size) => sum + size, 0);
    expect(total).toBeLessThan(WHOLE_PAGE_BUDGET);
    // A translated report page loads the same scripts and stylesheet: only its HTML differs.
    const english = gzipped(await readFile(join(site.out, "report/index.html")));
    for (const tag of EXAMPLE_TRANSLATIONS) {
      const translated = gzipped(await readFile(join(site.out, tag, "report/index.html")));
      expect(total - english + translated, tag).toBeLessThan(WHOLE_PAGE_BUDGET);
    }
  });
});
