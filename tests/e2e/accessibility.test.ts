import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import {
  defineAxeChecks,
  EXAMPLE_LANGUAGES,
  hydrated,
  isReportPage,
  isTranslated,
} from "../helpers/axe-checks.ts";
import {
  decryptWithOpenpgp,
  demoPrivateKey,
  type ReportSite,
  useReportSiteAndBrowser,
} from "../helpers/report-site.ts";
import { sharedExamplePages } from "../helpers/run-resources.ts";

// Issue 7: every page and every state of the report form, in every shipped language, meets WCAG 2.2 AA
// as axe-core checks it; the form works with the keyboard alone; no page scrolls sideways at 320 CSS
// pixels (a 1280-pixel screen at 400% zoom); print, forced colours and reduced motion are honoured.
// Issue 13: one test per page, on the run's shared site and Chromium. Every page is checked in the
// light scheme and the site's own language in the dark one too; the translations in the dark scheme
// (the same stylesheet again) are the rest of the full matrix, in accessibility.matrix.test.ts, which
// `npm run test:matrix` (and CI) runs.

const LANGUAGES = EXAMPLE_LANGUAGES;
const pageUrls = await sharedExamplePages();

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;

beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});

it("finds every page of every language to check", () => {
  expect(pageUrls.length).toBe(LANGUAGES.length * 11);
});

defineAxeChecks({
  shared,
  pages: [
    ...pageUrls.map((url) => ({ url, scheme: "light" as const })),
    ...pageUrls.filter((url) => !isTranslated(url)).map((url) => ({ url, scheme: "dark" as const })),
  ],
  forms: [
    ...LANGUAGES.map(({ prefix }) => ({ prefix, scheme: "light" as const })),
    { prefix: "", scheme: "dark" as const },
  ],
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

      // One report, in Arabic, for Adaeze and Mei only: since issue 16, one copy in each one's inbox.
      const stored = (await site.submissions()).slice(before) as Array<{
        ciphertext: string;
        formId: string;
      }>;
      expect(stored.map((copy) => copy.formId).sort()).toEqual(["xdemoada", "xdemomei"]);
      const submission = stored.find((copy) => copy.formId === "xdemomei") ?? { ciphertext: "" };
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
  it.each(
    pageUrls,
  )("never scrolls sideways at 320 CSS pixels (400 per cent zoom) on %s, the form's errors included", async (url) => {
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
      await page.goto(`${site.url}${url}`);
      await measure(url);
      if (isReportPage(url)) {
        await hydrated(page);
        await page.locator("button.send").click();
        await page.locator(".error-summary").waitFor();
        await measure(`${url} with errors`);
      }
      expect(overflowing).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(
    LANGUAGES.map(({ prefix }) => `${prefix}/report/`),
  )("prints %s without the menus, the quick exit or the form, and keeps the emergency numbers", async (url) => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${site.url}${url}`);
      await page.emulateMedia({ media: "print" });
      // Every element a selector finds must be hidden, or every one shown, and there must be one:
      // a selector that finds nothing is a failure, not a pass (issue 13).
      const printed = await page.evaluate(() =>
        Object.fromEntries(
          ["nav", ".quick-exit", ".report-island", ".skip-link", "main h1", "main .numbers"].map(
            (selector) => {
              const found = [...document.querySelectorAll(selector)];
              const shown = found.filter((el) => el.checkVisibility()).length;
              if (found.length === 0) return [selector, "missing"];
              return [selector, shown === 0 ? "hidden" : shown === found.length ? "shown" : "partly shown"];
            },
          ),
        ),
      );
      expect(printed, url).toEqual({
        nav: "hidden",
        ".quick-exit": "hidden",
        ".report-island": "hidden",
        ".skip-link": "hidden",
        "main h1": "shown",
        "main .numbers": "shown",
      });
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
