import { join } from "node:path";
import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe.ts";
import {
  boxOf,
  defineFirstScreenChecks,
  LANGUAGES,
  open,
  SCREENS,
  screenshotsDir,
  smallTargets,
  TAP,
} from "../helpers/first-screen.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";

// Issue 14: the pages a frightened reporter lands on, on a small phone, a common phone and a laptop,
// in English and Arabic (right to left). Each page/screen combination is one test that asserts the
// layout facts from the page's geometry: the first emergency number and the way to report inside the
// first screen, controls large enough to tap, the report reference on one line, nothing scrolling
// sideways. Light here; the dark scheme in page-layout.matrix.test.ts (`npm run test:matrix`).
// Set CONFIDE_SCREENSHOTS=dir to keep a PNG of each first screen (the README's phone screenshots).

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});

defineFirstScreenChecks({ shared, scheme: "light" });

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
    const context = await open(browser, screen, "light");
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
      // Screen readers hear the shortcut as the control's description, also where the hint is not shown.
      const description = await page
        .locator(".quick-exit")
        .evaluate(
          (link) => document.getElementById(link.getAttribute("aria-describedby") ?? "")?.textContent,
        );
      expect(description).toBe("or press Esc 3 times");
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
