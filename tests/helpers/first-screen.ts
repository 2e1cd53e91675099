import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { ReportSite } from "./report-site.ts";

// Issue 14: the layout facts of the help pages' first screen, shared by tests/e2e/page-layout.test.ts
// (light, every `npm test`) and tests/e2e/page-layout.matrix.test.ts (dark, the rest of the matrix).
// Set CONFIDE_SCREENSHOTS=dir to keep a PNG of each first screen (the README's phone screenshots).

/** A colour scheme. */
export type Scheme = "light" | "dark";

/** A small phone (iPhone SE, 1st generation), the phone, and a laptop. */
export const SCREENS = [
  { name: "320", width: 320, height: 568 },
  { name: "375", width: 375, height: 667 },
  { name: "1280", width: 1280, height: 800 },
] as const;
export const PAGES = ["/", "/reporting/", "/report/"] as const;
export const LANGUAGES = ["", "/ar"] as const;

/** The smallest tap target the design allows (WCAG 2.2 asks 24 px; GOV.UK and Apple use 44). */
export const TAP = 44;
/** How much of the form must show on the report page's first screen: its first lines. */
const FORM_SHOWING = 48;

export const screenshotsDir = process.env.CONFIDE_SCREENSHOTS;

/** A fresh context like the reporter's phone or laptop. */
export async function open(
  browser: Browser,
  screen: (typeof SCREENS)[number],
  scheme: Scheme,
): Promise<BrowserContext> {
  const phone = screen.width < 600;
  return browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    colorScheme: scheme,
    isMobile: phone,
    hasTouch: phone,
  });
}

/** Where an element is, relative to the first screen; null when it is not rendered. */
export function boxOf(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const element = document.querySelector(selector);
    const rect = element?.getBoundingClientRect();
    return rect && rect.height > 0 ? { top: rect.top, bottom: rect.bottom, height: rect.height } : null;
  }, selector);
}

/** Visible controls (or their labels) smaller than a fingertip, each described. */
export function smallTargets(page: Page, minimum: number) {
  return page.evaluate((minimum) => {
    const selectors = [
      ".quick-exit",
      ".menu summary",
      ".report-link",
      ".language-menu a",
      "a.call",
      ".report-form input[type=text]",
      ".report-form textarea",
      ".report-form label.choice",
      "button.send",
      ".copy-reference",
    ];
    const small: string[] = [];
    for (const selector of selectors) {
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 && rect.height === 0) continue; // hidden, e.g. the menu button on a laptop
        if (rect.height < minimum)
          small.push(`${selector} "${element.textContent?.trim()}" ${rect.height}px`);
      }
    }
    // The boxes themselves: large enough to see and hit on their own (GOV.UK: 40 px).
    for (const box of document.querySelectorAll<HTMLInputElement>(
      ".report-form input[type=checkbox], .report-form input[type=radio]",
    )) {
      const rect = box.getBoundingClientRect();
      if (rect.height < 32 || rect.width < 32)
        small.push(`${box.type} ${box.value} ${rect.width}×${rect.height}px`);
    }
    return small;
  }, minimum);
}

/**
 * One test per page, screen and language in the given scheme, each with its own timeout: the first
 * emergency number and the way to report on the first screen, large enough targets, no sideways scroll.
 *
 * @param options.shared - the file's site and browser (`useReportSiteAndBrowser()`)
 * @param options.scheme - the colour scheme to check in
 */
export function defineFirstScreenChecks(options: {
  shared: { site: () => ReportSite; browser: () => Browser };
  scheme: Scheme;
}): void {
  const { shared, scheme } = options;
  const combinations = SCREENS.flatMap((screen) =>
    LANGUAGES.flatMap((prefix) => PAGES.map((page) => ({ screen, url: `${prefix}${page}` }))),
  );
  describe(`the first screen of the help pages, phone first, ${scheme}`, () => {
    it.each(
      combinations,
    )("$url at $screen.name px: emergency number and the way to report on the first screen, large targets, no sideways scroll", async ({
      screen,
      url,
    }) => {
      const site = shared.site();
      const context = await open(shared.browser(), screen, scheme);
      try {
        const page = await context.newPage();
        await page.goto(`${site.url}${url}`);
        const isReport = url.endsWith("/report/");
        if (isReport) await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
        if (screenshotsDir) {
          await mkdir(screenshotsDir, { recursive: true });
          const name = `${url.replaceAll("/", "-").replace(/^-|-$/g, "") || "home"}-${screen.name}-${scheme}.png`;
          await page.screenshot({ path: join(screenshotsDir, name) });
        }

        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, "scrolls sideways").toBeLessThanOrEqual(clientWidth);

        // The first number of the emergency box, whole, without scrolling.
        const call = await boxOf(page, "main .emergency a.call");
        expect(call, "the emergency box's first number").not.toBeNull();
        expect(call?.bottom ?? Infinity).toBeLessThanOrEqual(screen.height);
        expect(await page.locator("main .emergency a.call").first().getAttribute("href")).toMatch(
          /^tel:\d+$/,
        );

        // The way to report: the header's button, or on the report page the form itself. At 320 × 568
        // the form starts below the first screen (the emergency box comes first); the 375 × 667
        // and a laptop show it.
        if (!isReport) {
          const link = await boxOf(page, ".report-link");
          expect(link?.bottom ?? Infinity, "the report button").toBeLessThanOrEqual(screen.height);
        } else if (screen.height >= 667) {
          const form = await boxOf(page, "#report-form");
          expect(form?.top ?? Infinity, "the form's first lines").toBeLessThanOrEqual(
            screen.height - FORM_SHOWING,
          );
        }

        expect(await smallTargets(page, TAP)).toEqual([]);
      } finally {
        await context.close();
      }
    }, 60_000);
  });
}
