import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./axe.ts";
import { failInbox, holdInbox } from "./inbox-faults.ts";
import type { ReportSite } from "./report-site.ts";

/** A colour scheme axe-core checks a page in. */
export type Scheme = "light" | "dark";

/** The example's languages: the site's own first (served at the root), then the translations. */
export const EXAMPLE_LANGUAGES = [
  { prefix: "", tag: "en-GB" },
  { prefix: "/ar", tag: "ar" },
  { prefix: "/es", tag: "es" },
] as const;

/** Whether an address is a report page (`/report/`, `/es/report/`). */
export const isReportPage = (url: string) => /^(\/[a-z-]+)?\/report\/$/i.test(url);

/** Whether an address belongs to a translation (served under `/<tag>/`) rather than the site's own language. */
export const isTranslated = (url: string) =>
  EXAMPLE_LANGUAGES.some(({ prefix }) => prefix !== "" && url.startsWith(`${prefix}/`));

/** Waits until the report form is hydrated: its controls are enabled. */
export async function hydrated(page: Page): Promise<void> {
  await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
}

/** axe-core on the page as it is, in one colour scheme; each violation as a line naming where. */
async function violationsIn(page: Page, scheme: Scheme, where: string): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme });
  return (await axeViolations(page)).map((violation) => `${where} (${scheme}): ${violation}`);
}

/**
 * Defines the axe-core (WCAG 2.2 AA) tests of the given pages and report-form languages: one test per
 * page and scheme, one per language and scheme for the form's states (idle, errors, failed, sending,
 * sent, unavailable), each with its own timeout. Shared by tests/e2e/accessibility.test.ts (what every
 * `npm test` checks) and tests/e2e/accessibility.matrix.test.ts (the rest of the full matrix).
 *
 * @param options.shared - the file's site and browser (`useReportSiteAndBrowser()`)
 * @param options.pages - page addresses with the scheme to check each in
 * @param options.forms - report-form languages (their prefix) with the scheme to check them in
 */
export function defineAxeChecks(options: {
  shared: { site: () => ReportSite; browser: () => Browser };
  pages: ReadonlyArray<{ url: string; scheme: Scheme }>;
  forms: ReadonlyArray<{ prefix: string; scheme: Scheme }>;
}): void {
  const { shared, pages, forms } = options;
  let context: BrowserContext;
  beforeAll(async () => {
    // Only to inject axe-core's source, which the site's policy (rightly) refuses as an inline script.
    context = await shared.browser().newContext({ bypassCSP: true });
  });
  afterAll(() => context?.close());

  describe("WCAG 2.2 AA with axe-core, page by page", () => {
    it.each(
      pages.map(({ url, scheme }) => [url, scheme] as const),
    )("finds no violation on %s in the %s scheme", async (url, scheme) => {
      const page = await context.newPage();
      try {
        await page.goto(`${shared.site().url}${url}`);
        if (isReportPage(url)) await hydrated(page);
        expect(await violationsIn(page, scheme, url)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });

  describe("WCAG 2.2 AA with axe-core, in every state of the report form", () => {
    it.each(
      forms.map(({ prefix, scheme }) => [`${prefix}/report/`, scheme] as const),
    )("finds no violation in %s in the %s scheme: idle, errors, failed, sending, sent, unavailable", async (url, scheme) => {
      const site = shared.site();
      const found: string[] = [];
      const page = await context.newPage();
      try {
        await page.goto(`${site.url}${url}`);
        await hydrated(page);
        // Live regions are in the page before anything is announced in them.
        expect(await page.locator('.report-form [role="status"][aria-live="polite"]').count(), url).toBe(1);
        found.push(...(await violationsIn(page, scheme, `${url} idle`)));

        // Errors: a required answer missing and no one left to read it.
        for (const checkbox of await page.locator('input[name="recipient"]').all()) await checkbox.uncheck();
        await page.locator("button.send").click();
        await page.locator(".error-summary").waitFor();
        await page.locator("#report-recipients-error").waitFor();
        found.push(...(await violationsIn(page, scheme, `${url} errors`)));

        // Failed: the inbox answers 500; the reporter can retry or download the encrypted report.
        await page.locator('input[name="recipient"]').first().check();
        await page.locator("#report-what").fill("A report checked for accessibility.");
        const restoreInbox = await failInbox(page);
        await page.locator("button.send").click();
        await page.locator(".failure").waitFor();
        found.push(...(await violationsIn(page, scheme, `${url} failed`)));
        await restoreInbox();

        // Sending: the request is held while the page says it is on its way.
        const release = await holdInbox(page);
        await page.locator("button.send").click();
        await page.locator(".sending-status:not(:empty)").waitFor();
        found.push(...(await violationsIn(page, scheme, `${url} sending`)));
        release();

        // Sent: the receipt.
        await page.locator(".receipt").waitFor();
        found.push(...(await violationsIn(page, scheme, `${url} sent`)));
        await page.unroute("**/f/**");
      } finally {
        await page.close();
      }

      // Unavailable: every key has expired since the build; the direct contacts instead. (The clock
      // belongs to the whole context: a context of its own.)
      const later = await shared.browser().newContext({ bypassCSP: true });
      try {
        const expired = await later.newPage();
        await expired.clock.install({ time: new Date("2037-01-01T10:00:00Z") });
        await expired.goto(`${site.url}${url}`);
        await expired.locator(".report-island .unavailable").waitFor();
        found.push(...(await violationsIn(expired, scheme, `${url} unavailable`)));
      } finally {
        await later.close();
      }
      expect(found).toEqual([]);
    });
  });
}
