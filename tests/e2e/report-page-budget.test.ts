import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Response } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_TRANSLATIONS } from "../helpers/content-folder.ts";
import { gzipped, INITIAL_JS_BUDGET, WHOLE_PAGE_BUDGET } from "../helpers/page-budgets.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});

/** The OpenPGP code's first request: the lazily imported seal-report chunk. */
const isCryptoChunk = (url: string) => /\/chunks\/seal-report-[A-Z0-9]+\.js$/.test(new URL(url).pathname);

describe("the report page's size budget", () => {
  it(`issue 11: loads at most ${INITIAL_JS_BUDGET / 1024} KB of JavaScript before the reporter interacts, and no OpenPGP code`, async () => {
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

  it("issue 11: requests no OpenPGP code until the reporter first focuses the form, then requests it", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    // Give an idle-time prefetch every chance to happen: the network goes quiet and the page idles.
    await page.waitForLoadState("networkidle");
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
    expect(requested.filter(isCryptoChunk)).toEqual([]);

    const crypto = page.waitForRequest((request) => isCryptoChunk(request.url()));
    await page.locator("#report-what").focus();
    await crypto;
    expect(requested.filter(isCryptoChunk)).toHaveLength(1);
    await context.close();
  });

  it(`stays under ${WHOLE_PAGE_BUDGET / 1024} KB in all, with the OpenPGP code it loads lazily to send a report, in every language`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Each body is read before anything is summed: a size still being read would be missing.
    const bodies: Array<Promise<[string, number]>> = [];
    page.on("response", (response: Response) => {
      if (response.request().method() !== "GET") return;
      bodies.push(response.body().then((body) => [response.url(), gzipped(body)]));
    });
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    await page.locator("#report-what").fill("A report, to load everything sending needs.");
    await page.locator("button.send").click();
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    await page.waitForLoadState("networkidle");
    const loaded = new Map(await Promise.all(bodies));
    await context.close();

    const urls = [...loaded.keys()].map((url) => new URL(url).pathname);
    expect(urls).toContain("/report/");
    expect(urls).toContain("/assets/site.css");
    expect(urls).toContain("/assets/report-form.css");
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
