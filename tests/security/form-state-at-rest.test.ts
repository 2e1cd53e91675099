import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumLaunchOptions } from "../helpers/browser.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { type ReportSite, serveReportSite } from "../helpers/report-site.ts";
import { sharedExampleSite } from "../helpers/run-resources.ts";

/**
 * Issue 13: what the browser itself writes to disk of a report that was typed and not sent. Chromium
 * keeps the state of a page's form controls in its session history and writes that to its profile
 * (Sessions/Session_* and Tabs_*, for session restore), unless the form says autocomplete="off".
 * This needs a browser with a profile folder of its own (the run's shared browser has none).
 */

let site: ReportSite;
let profile: string;
let context: BrowserContext;
beforeAll(async () => {
  site = await serveReportSite({ out: await sharedExampleSite(), contentDir: EXAMPLE_CONTENT });
  profile = await mkdtemp(join(tmpdir(), "confide-profile-"));
  context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions());
});
afterAll(async () => {
  await context?.close();
  await site?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

/** Every file under a folder. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** The files under `dir` that hold `text`, as UTF-8 or as UTF-16 (how Chromium serialises page state). */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needles = [Buffer.from(text, "utf8"), Buffer.from(text, "utf16le")];
  const found: string[] = [];
  for (const file of await filesUnder(dir)) {
    const bytes = await readFile(file).catch(() => Buffer.alloc(0));
    if (needles.some((needle) => bytes.includes(needle))) found.push(file);
  }
  return found;
}

describe("issue 13: the browser's own record of the report page", () => {
  it("issue 13: keeps nothing typed in the report form in the profile's session files, though it keeps another page's textarea", async () => {
    const marker = `UNSENT${Math.random().toString(36).slice(2)}`;
    const page = await context.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    await page.locator("#report-what").fill(`${marker} what happened`);
    await page.locator("#report-where").fill(`${marker} where`);
    await page.getByLabel("No", { exact: true }).check();
    // The reporter leaves without sending (and confirms leaving).
    await page.goto(`${site.url}/code-of-conduct/`);

    // The control: an ordinary textarea on another page, which Chromium does keep. Finding it proves
    // the session files were written and that the search below reads them.
    const control = `CONTROL${Math.random().toString(36).slice(2)}`;
    await page.evaluate(() => {
      const form = document.createElement("form");
      const textarea = document.createElement("textarea");
      textarea.id = "control";
      form.append(textarea);
      document.body.append(form);
    });
    await page.locator("#control").fill(control);
    await page.goto(`${site.url}/responders/`);
    await context.close();

    expect((await filesHolding(profile, control)).length, "the control textarea was written").toBeGreaterThan(
      0,
    );
    expect(
      await filesHolding(profile, marker),
      "issue 13: the unsent report is not in the browser's profile",
    ).toEqual([]);
  });
});
