import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";

// Issue 14: the pages a frightened reporter lands on, on a small phone, a common phone and a laptop,
// in light and dark, in English and Arabic (right to left). Each page/screen combination is one test
// that asserts the layout facts from the page's geometry: the first emergency number and the way to
// report inside the first screen, controls large enough to tap, the report reference on one line,
// nothing scrolling sideways. Set CONFIDE_SCREENSHOTS=dir to keep a PNG of each first screen
// (the README's phone screenshots are made that way).

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});

/** A small phone (iPhone SE, 1st generation), the phone, and a laptop. */
const SCREENS = [
  { name: "320", width: 320, height: 568 },
  { name: "375", width: 375, height: 667 },
  { name: "1280", width: 1280, height: 800 },
] as const;
const PAGES = ["/", "/reporting/", "/report/"] as const;
const LANGUAGES = ["", "/ar"] as const;
const SCHEMES = ["light", "dark"] as const;

/** The smallest tap target the design allows (WCAG 2.2 asks 24 px; GOV.UK and Apple use 44). */
const TAP = 44;
/** How much of the form must show on the report page's first screen: its first lines. */
const FORM_SHOWING = 48;

const combinations = SCREENS.flatMap((screen) =>
  LANGUAGES.flatMap((prefix) =>
    PAGES.flatMap((page) => SCHEMES.map((scheme) => ({ screen, url: `${prefix}${page}`, scheme }))),
  ),
);

const screenshotsDir = process.env.CONFIDE_SCREENSHOTS;

/** A fresh context like the reporter's phone or laptop. */
async function open(screen: (typeof SCREENS)[number], scheme: "light" | "dark"): Promise<BrowserContext> {
  const phone = screen.width < 600;
  return browser.newContext({
    viewport: { width: screen.width, height: screen.height },
    colorScheme: scheme,
    isMobile: phone,
    hasTouch: phone,
  });
}

/** Where an element is, relative to the first screen; null when it is not rendered. */
function boxOf(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const element = document.querySelector(selector);
    const rect = element?.getBoundingClientRect();
    return rect && rect.height > 0 ? { top: rect.top, bottom: rect.bottom, height: rect.height } : null;
  }, selector);
}

/** Visible controls (or their labels) smaller than a fingertip, each described. */
function smallTargets(page: Page, minimum: number) {
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

describe("the first screen of the help pages, phone first", () => {
  it.each(
    combinations,
  )("$url at $screen.name px in $scheme: emergency number and the way to report on the first screen, large targets, no sideways scroll", async ({
    screen,
    url,
    scheme,
  }) => {
    const context = await open(screen, scheme);
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
      expect(await page.locator("main .emergency a.call").first().getAttribute("href")).toMatch(/^tel:\d+$/);

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

describe("the receipt's reference on every screen", () => {
  const receiptCombinations = SCREENS.flatMap((screen) =>
    LANGUAGES.map((prefix) => ({ screen, prefix, url: `${prefix}/report/` })),
  );
  it.each(
    receiptCombinations,
  )("$url at $screen.name px: the reference stays on one line, with a copy button beside it", async ({
    screen,
    prefix,
  }) => {
    const context = await open(screen, "light");
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}${prefix}/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator("#report-what").fill("Checking the receipt's layout.");
      await page.locator("button.send").click();
      const reference = page.locator(".receipt .reference");
      await reference.waitFor();
      const lines = await reference.evaluate((element) => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
      });
      expect(lines).toBe(1);
      expect(await reference.textContent()).toMatch(/^R-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(await smallTargets(page, TAP)).toEqual([]);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      if (screenshotsDir && screen.name === "375" && prefix === "") {
        await page.locator(".receipt").scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(screenshotsDir, `receipt-${screen.name}.png`) });
      }
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe("the menu without JavaScript", () => {
  it.each([
    { width: 375, folded: true },
    { width: 1280, folded: false },
  ])("at $width px the main menu is folded behind a button: $folded", async ({ width, folded }) => {
    const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/reporting/`);
      const menuLink = page.locator(".menu nav a").first();
      expect(await menuLink.isVisible()).toBe(!folded);
      expect(await page.locator(".menu summary").isVisible()).toBe(folded);
      if (folded) {
        await page.locator(".menu summary").click();
        expect(await menuLink.isVisible()).toBe(true);
        const link = await boxOf(page, ".menu nav a");
        expect(link?.height).toBeGreaterThanOrEqual(TAP);
      }
    } finally {
      await context.close();
    }
  }, 30_000);
});

describe("the quick exit", () => {
  it("leaves after Escape is pressed three times, saying after each press how many remain", async () => {
    const context = await browser.newContext();
    try {
      await context.route("https://www.bbc.co.uk/**", (route) =>
        route.fulfill({ status: 200, contentType: "text/html", body: "<title>Weather</title>" }),
      );
      const page = await context.newPage();
      await page.goto(`${site.url}/reporting/`);
      const entries = await page.evaluate(() => history.length);
      const status = page.locator("[data-quick-exit-status]");
      expect(await status.getAttribute("role")).toBe("status");
      await page.keyboard.press("Escape");
      expect(await status.textContent()).toBe("Press Escape 2 more times to leave this site.");
      await page.keyboard.press("Escape");
      expect(await status.textContent()).toBe("Press Escape once more to leave this site.");
      await Promise.all([page.waitForURL("https://www.bbc.co.uk/weather"), page.keyboard.press("Escape")]);
      // Replaced, not pushed: Back does not return to the site.
      expect(await page.evaluate(() => history.length)).toBe(entries);
    } finally {
      await context.close();
    }
  }, 30_000);

  it("starts counting again when the presses are more than 5 seconds apart, in the page's language", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.clock.install();
      await page.goto(`${site.url}/ar/`);
      const status = page.locator("[data-quick-exit-status]");
      await page.keyboard.press("Escape");
      await page.keyboard.press("Escape");
      const onceMore = await status.textContent();
      expect(onceMore).toMatch(/مرة أخرى/);
      await page.clock.fastForward(6_000);
      expect(await status.textContent()).toBe("");
      await page.keyboard.press("Escape");
      expect(await status.textContent()).toMatch(/مرتين/);
      expect(page.url()).toBe(`${site.url}/ar/`);
    } finally {
      await context.close();
    }
  }, 30_000);

  it("is quieter than an alarm band: an outlined control, not a full-width red bar, still first after the skip link", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/`);
      const style = await page.locator(".quick-exit").evaluate((element) => {
        const css = getComputedStyle(element);
        return {
          width: element.getBoundingClientRect().width,
          background: css.backgroundColor,
          border: css.borderTopStyle,
        };
      });
      expect(style.width).toBeLessThan(1280 / 2);
      expect(style.background).toBe("rgb(255, 255, 255)");
      expect(style.border).toBe("solid");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("quick-exit");
    } finally {
      await context.close();
    }
  }, 30_000);
});

describe("the receipt and a failed send when it is still happening", () => {
  it("lead with how to get help now, and pass axe in light and dark", async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 667 } });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator('input[name="ongoing"]').first().check();
      await page.locator("#report-what").fill("It is happening right now.");
      const violations: string[] = [];
      const axeBoth = async (where: string) => {
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({ colorScheme });
          for (const violation of await axeViolations(page))
            violations.push(`${where} ${colorScheme}: ${violation}`);
        }
      };

      await page.route("**/f/**", (route) => route.fulfill({ status: 500, body: "{}" }));
      await page.locator("button.send").click();
      const failure = page.locator(".failure");
      await failure.waitFor();
      expect(await failure.locator("h2").first().getAttribute("id")).toBe("urgent-help-title");
      expect(await failure.locator("a.call").count()).toBeGreaterThan(0);
      await axeBoth("failed");
      await page.unroute("**/f/**");

      await page.locator("button.send").click();
      const first = page.locator(".receipt h2").first();
      await first.waitFor();
      expect(await first.getAttribute("id")).toBe("urgent-help-title");
      expect(await first.evaluate((element) => element === document.activeElement)).toBe(true);
      // Large type: bigger than the receipt's own heading.
      const sizes = await page
        .locator(".receipt h2")
        .evaluateAll((headings) =>
          headings.map((heading) => Number.parseFloat(getComputedStyle(heading).fontSize)),
        );
      expect(sizes[0]).toBeGreaterThan(sizes[1] ?? Infinity);
      // The first number is on screen once the receipt takes focus.
      const call = await page.locator(".receipt a.call").first().boundingBox();
      expect((call?.y ?? Infinity) + (call?.height ?? 0)).toBeLessThanOrEqual(667);
      await axeBoth("receipt");
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("copies the reference with its button and says so", async () => {
    const context = await browser.newContext();
    try {
      await context.grantPermissions(["clipboard-write"], { origin: site.url });
      const page = await context.newPage();
      await page.goto(`${site.url}/es/report/`);
      await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
      await page.locator("#report-what").fill("Probando el botón de copiar.");
      await page.locator("button.send").click();
      const button = page.locator(".copy-reference");
      await button.click();
      await page.locator(".copy-reference", { hasText: "Copiada" }).waitFor();
      expect(await page.locator(".receipt [role=status]").textContent()).toBe("Copiada");
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe("printing the procedure", () => {
  it("keeps the content and the emergency numbers, drops the header's controls and the privacy note, and writes out addresses", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/reporting/`);
      await page.emulateMedia({ media: "print" });
      const shown = await page.evaluate(() =>
        Object.fromEntries(
          [
            ".quick-exit",
            ".toolbar",
            ".demo-banner",
            ".cover-tracks",
            "main .emergency",
            "main h1",
            ".site-name",
          ].map((selector) => [
            selector,
            getComputedStyle(document.querySelector(selector) as Element).display !== "none",
          ]),
        ),
      );
      expect(shown).toEqual({
        ".quick-exit": false,
        ".toolbar": false,
        ".demo-banner": false,
        ".cover-tracks": false,
        "main .emergency": true,
        "main h1": true,
        ".site-name": true,
      });
      const mailAfter = await page
        .locator('main a[href^="mailto:"]')
        .first()
        .evaluate((element) => getComputedStyle(element, "::after").content);
      expect(mailAfter).toMatch(/^" \(" attr\(href\) "\)"$|mailto:/);
      const callColour = await page
        .locator("main .call-number")
        .first()
        .evaluate((element) => getComputedStyle(element).color);
      expect(callColour).toBe("rgb(0, 0, 0)");
    } finally {
      await context.close();
    }
  }, 30_000);
});
