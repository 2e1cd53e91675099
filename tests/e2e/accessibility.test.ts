import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../helpers/axe.ts";
import { builtPageUrls } from "../helpers/built-site.ts";
import { failInbox, holdInbox } from "../helpers/inbox-faults.ts";
import {
  decryptWithOpenpgp,
  demoPrivateKey,
  type ReportSite,
  useReportSiteAndBrowser,
} from "../helpers/report-site.ts";

// Issue 7: every page and every state of the report form, in every shipped language, meets WCAG 2.2 AA
// as axe-core checks it, in light and dark mode; the form works with the keyboard alone; no page
// scrolls sideways at 320 CSS pixels (a 1280-pixel screen at 400% zoom); print, forced colours and
// reduced motion are honoured. One site and one Chromium for the whole file.

/** The example's languages: the site's own first, then the translations. */
const LANGUAGES = [
  { prefix: "", tag: "en-GB" },
  { prefix: "/ar", tag: "ar" },
  { prefix: "/es", tag: "es" },
] as const;
const SCHEMES = ["light", "dark"] as const;

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
let pageUrls: string[] = [];

beforeAll(async () => {
  site = shared.site();
  browser = shared.browser();
  pageUrls = await builtPageUrls(site.out);
});

const isReportPage = (url: string) => /^(\/[a-z-]+)?\/report\/$/i.test(url);

/** Waits until the report form is hydrated: its controls are enabled. */
async function hydrated(page: Page): Promise<void> {
  await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
}

/** axe-core on the page as it is, in light and dark mode; each violation as a line naming where. */
async function checkBothSchemes(page: Page, where: string): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    for (const violation of await axeViolations(page)) found.push(`${where} (${colorScheme}): ${violation}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  return found;
}

describe("WCAG 2.2 AA with axe-core, in every language, light and dark", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    // Only to inject axe-core's source, which the site's policy (rightly) refuses as an inline script.
    context = await browser.newContext({ bypassCSP: true });
  });
  afterAll(() => context?.close());

  it("finds no violation on any page", async () => {
    expect(pageUrls.length).toBe(LANGUAGES.length * 11);
    const page = await context.newPage();
    const found: string[] = [];
    for (const url of pageUrls) {
      await page.goto(`${site.url}${url}`);
      if (isReportPage(url)) await hydrated(page);
      found.push(...(await checkBothSchemes(page, url)));
    }
    await page.close();
    expect(found).toEqual([]);
  });

  it("finds no violation in any state of the report form: idle, errors, failed, sending, sent, unavailable", async () => {
    const found: string[] = [];
    for (const { prefix } of LANGUAGES) {
      const url = `${prefix}/report/`;
      const page = await context.newPage();
      await page.goto(`${site.url}${url}`);
      await hydrated(page);
      // Live regions are in the page before anything is announced in them.
      expect(await page.locator('.report-form [role="status"][aria-live="polite"]').count(), url).toBe(1);
      found.push(...(await checkBothSchemes(page, `${url} idle`)));

      // Errors: a required answer missing and no one left to read it.
      for (const checkbox of await page.locator('input[name="recipient"]').all()) await checkbox.uncheck();
      await page.locator("button.send").click();
      await page.locator(".error-summary").waitFor();
      await page.locator("#report-recipients-error").waitFor();
      found.push(...(await checkBothSchemes(page, `${url} errors`)));

      // Failed: the inbox answers 500; the reporter can retry or download the encrypted report.
      await page.locator('input[name="recipient"]').first().check();
      await page.locator("#report-what").fill("A report checked for accessibility.");
      const restoreInbox = await failInbox(page);
      await page.locator("button.send").click();
      await page.locator(".failure").waitFor();
      found.push(...(await checkBothSchemes(page, `${url} failed`)));
      await restoreInbox();

      // Sending: the request is held while the page says it is on its way.
      const release = await holdInbox(page);
      await page.locator("button.send").click();
      await page.locator(".sending-status:not(:empty)").waitFor();
      found.push(...(await checkBothSchemes(page, `${url} sending`)));
      release();

      // Sent: the receipt.
      await page.locator(".receipt").waitFor();
      found.push(...(await checkBothSchemes(page, `${url} sent`)));
      await page.unroute("**/f/**");
      await page.close();

      // Unavailable: every key has expired since the build; the direct contacts instead. (The clock
      // belongs to the whole context: a context of its own.)
      const later = await browser.newContext({ bypassCSP: true });
      const expired = await later.newPage();
      await expired.clock.install({ time: new Date("2037-01-01T10:00:00Z") });
      await expired.goto(`${site.url}${url}`);
      await expired.locator(".report-island .unavailable").waitFor();
      found.push(...(await checkBothSchemes(expired, `${url} unavailable`)));
      await later.close();
    }
    expect(found).toEqual([]);
  });
});

describe("the report form with the keyboard alone", () => {
  it("sends a report with Tab, Space and Enter (and typing), on the Arabic page, in Arabic", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/ar/report/`);
      await hydrated(page);
      const before = (await site.submissions()).length;
      const focused = () =>
        page.evaluate(() => {
          const element = document.activeElement as HTMLInputElement | null;
          return {
            id: element?.id ?? "",
            name: element?.name ?? "",
            value: element?.value ?? "",
            tag: element?.tagName ?? "",
            className: element?.className ?? "",
          };
        });
      /** Presses Tab until the focused element matches, failing after `limit` presses. */
      const tabTo = async (matches: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 80) => {
        for (let presses = 0; presses < limit; presses++) {
          await page.keyboard.press("Tab");
          if (matches(await focused())) return;
        }
        throw new Error(`Tab never reached the element; focus is on ${JSON.stringify(await focused())}`);
      };

      // The skip link is the first stop, and takes the reporter past the menus.
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.className)).toBe("skip-link");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

      // Into the form: the first radio of "is it still happening?" is chosen with Space.
      await tabTo((f) => f.name === "ongoing");
      await page.keyboard.press("Space");
      await tabTo((f) => f.id === "report-what");
      await page.keyboard.type("حدث شيء أزعجني في الممر بعد المحاضرة.");
      // Untick Tomás with Space: he will not be able to read it.
      await tabTo((f) => f.name === "recipient" && f.value === "tomas");
      await page.keyboard.press("Space");
      await tabTo((f) => f.tag === "BUTTON");
      await page.keyboard.press("Enter");

      // The receipt takes focus at its first heading: the report said it is still happening, so that
      // is how to get help now (issue 14). The reporter's own copy is a few Tabs and an Enter away.
      const receipt = page.locator(".receipt h2").first();
      await receipt.waitFor();
      expect(await receipt.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await receipt.getAttribute("id")).toBe("urgent-help-title");
      const copy = page.waitForEvent("download");
      await tabTo((f) => f.className.includes("save-copy"));
      await page.keyboard.press("Enter");
      expect((await copy).suggestedFilename()).toMatch(/^my-report-R-[A-Z0-9-]+\.txt$/);

      // One report, in Arabic, for Adaeze and Mei only.
      const stored = (await site.submissions()).slice(before) as Array<{ ciphertext: string }>;
      expect(stored).toHaveLength(1);
      const [submission] = stored as [{ ciphertext: string }];
      const { text, report } = await decryptWithOpenpgp(submission.ciphertext, await demoPrivateKey("mei"));
      expect(report.language).toBe("ar");
      expect(report.recipients).toEqual(["Adaeze Okafor", "Mei Lin Chen"]);
      expect(text).toContain("== ماذا حدث؟ [what] ==\nحدث شيء أزعجني في الممر بعد المحاضرة.\n");
      expect(report.fields.find((f) => f.id === "ongoing")?.answer).toBe("نعم، ما زال يحدث");
      await expect(
        decryptWithOpenpgp(submission.ciphertext, await demoPrivateKey("tomas")),
      ).rejects.toThrow();
    } finally {
      await context.close();
    }
  });
});

describe("reflow, print, forced colours and reduced motion", () => {
  it("never scrolls sideways at 320 CSS pixels (400% zoom), on any page, the form's errors included", async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
    try {
      const page = await context.newPage();
      const overflowing: string[] = [];
      const measure = async (where: string) => {
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        if (scrollWidth > clientWidth)
          overflowing.push(`${where}: ${scrollWidth}px wide in ${clientWidth}px`);
      };
      for (const url of pageUrls) {
        await page.goto(`${site.url}${url}`);
        await measure(url);
        if (isReportPage(url)) {
          await hydrated(page);
          await page.locator("button.send").click();
          await page.locator(".error-summary").waitFor();
          await measure(`${url} with errors`);
        }
      }
      expect(overflowing).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("prints the page's content without the menus, the quick exit or the form, and keeps the emergency numbers", async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      for (const { prefix } of LANGUAGES) {
        await page.goto(`${site.url}${prefix}/report/`);
        await page.emulateMedia({ media: "print" });
        const shown = await page.evaluate(() =>
          Object.fromEntries(
            ["nav", ".quick-exit", ".report-island", ".skip-link", "main h1", "main .numbers"].map(
              (selector) => [
                selector,
                [...document.querySelectorAll(selector)].some(
                  (el) => getComputedStyle(el).display !== "none",
                ),
              ],
            ),
          ),
        );
        expect(shown, prefix || "/").toEqual({
          nav: false,
          ".quick-exit": false,
          ".report-island": false,
          ".skip-link": false,
          "main h1": true,
          "main .numbers": true,
        });
        await page.emulateMedia({ media: "screen" });
      }
    } finally {
      await context.close();
    }
  });

  it("keeps a visible focus ring and control borders in forced colours, and runs no animation with reduced motion", async () => {
    const context = await browser.newContext({ forcedColors: "active", reducedMotion: "reduce" });
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}/ar/report/`);
      await hydrated(page);
      const styles = await page.evaluate(() => {
        const send = document.querySelector<HTMLElement>("button.send");
        send?.focus({ focusVisible: true } as FocusOptions);
        const button = send ? getComputedStyle(send) : null;
        const moving = [...document.querySelectorAll("*")].filter((el) => {
          const style = getComputedStyle(el);
          return (
            style.animationName !== "none" ||
            style.transitionDuration.split(",").some((duration) => Number.parseFloat(duration) > 0)
          );
        }).length;
        return {
          outline: button ? `${button.outlineStyle} ${Number.parseFloat(button.outlineWidth) >= 2}` : "",
          border: button?.borderStyle ?? "",
          moving,
        };
      });
      expect(styles).toEqual({ outline: "solid true", border: "solid", moving: 0 });
    } finally {
      await context.close();
    }
  });
});

describe("the report form in every language", () => {
  it("hydrates to exactly the markup the build rendered: the same words, in the page's language", async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const withScript = await browser.newContext();
    try {
      for (const { prefix, tag } of LANGUAGES) {
        const url = `${site.url}${prefix}/report/`;
        const built = await noScript.newPage();
        await built.goto(url);
        const server = await built.locator("#report-form").innerHTML();
        const page = await withScript.newPage();
        await page.goto(url);
        await hydrated(page);
        const client = await page.locator("#report-form").innerHTML();
        // Hydration enables the controls; nothing else may change.
        expect(client, tag).toBe(
          server.replace(
            '<fieldset class="report-fieldset" disabled="">',
            '<fieldset class="report-fieldset">',
          ),
        );
        expect(await page.locator("html").getAttribute("lang")).toBe(tag);
      }
    } finally {
      await noScript.close();
      await withScript.close();
    }
  });
});
