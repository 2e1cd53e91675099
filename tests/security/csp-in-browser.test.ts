import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Response as PlaywrightResponse } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { startInbox } from "../../src/inbox/inbox-server.ts";
import { parseReceivingKeysDocument } from "../../src/roster/receiving-key-ids.ts";
import { applyHeaderRules, parseHeadersFile } from "../../src/site/security-headers.ts";
import { urls } from "../../src/site/urls.ts";
import { listFiles } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { failInbox, holdInbox } from "../helpers/inbox-faults.ts";
import { type PageWatch, settle, violationReported, watchPage } from "../helpers/page-watch.ts";
import { type ReportSite, useReportSiteAndBrowser } from "../helpers/report-site.ts";
import { sharedExamplePages } from "../helpers/run-resources.ts";
import { type ServedFolder, serveCopy } from "../helpers/served-copy.ts";

// Issue 6: every page runs under the real headers (the _headers file, served by `npm start`'s own
// server) with zero Content-Security-Policy violations and no request to another origin. One test per
// page (issue 13), on the run's shared site and Chromium.

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
let context: BrowserContext | undefined;
const pageUrls = await sharedExamplePages();

beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});
afterEach(async () => {
  await context?.close();
  context = undefined;
});

/** A fresh page, watched from before its first navigation. */
async function openWatched(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ page: Page; watch: PageWatch }> {
  context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  return { page, watch: await watchPage(page) };
}

/** The Content-Security-Policy the built `_headers` gives a path. */
async function expectedPolicy(path: string): Promise<string | null> {
  const { rules } = parseHeadersFile(await readFile(join(site.out, "_headers"), "utf8"));
  return applyHeaderRules(rules, path, new Headers()).get("content-security-policy");
}

/**
 * No violation, no console error or warning (but the failed loads the test caused on purpose, whose
 * addresses end with one of `failedOnPurpose`), and requests to the given origins only.
 */
function expectClean(
  watch: PageWatch,
  origins: readonly string[],
  where: string,
  failedOnPurpose: readonly string[] = [],
): void {
  expect(watch.violations, where).toEqual([]);
  const problems = watch.problems.filter(
    (problem) =>
      !(
        problem.startsWith("error: Failed to load resource:") &&
        failedOnPurpose.some((path) => problem.endsWith(`${path})`))
      ),
  );
  expect(problems, where).toEqual([]);
  expect(watch.requests.length, where).toBeGreaterThan(0);
  for (const request of watch.requests)
    expect(origins, `${where}: ${request}`).toContain(new URL(request).origin);
}

/** Opens the report page, waits until it is hydrated, focuses the form and waits for its OpenPGP code. */
async function openReportForm(page: Page, url: string): Promise<PlaywrightResponse | null> {
  const sealer = page.waitForResponse((response) =>
    /\/chunks\/seal-report-[A-Z0-9]+\.js$/.test(response.url()),
  );
  const response = await page.goto(url);
  await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
  // The OpenPGP code loads when the reporter first focuses the form (issue 11): under the policy too.
  await page.locator("#report-what").focus();
  expect((await sealer).status()).toBe(200);
  return response;
}

describe("every page under the site's real headers, in Chromium", () => {
  it("finds the pages to check, the report page among them", () => {
    expect(pageUrls).toContain("/report/");
    expect(pageUrls.length).toBeGreaterThanOrEqual(10);
  });

  // An address that does not exist gets the 404 page under the site-wide rules only, as on Cloudflare.
  it.each([
    ...pageUrls,
    "/no-such-page/",
  ])("serves %s with its policy, and runs it without a violation or a request elsewhere", async (path) => {
    const { page, watch } = await openWatched();
    const response =
      path === "/report/"
        ? await openReportForm(page, `${site.url}${path}`)
        : await page.goto(`${site.url}${path}`);
    expect(response?.status(), path).toBe(path === "/no-such-page/" ? 404 : 200);
    expect(response?.headers()["content-security-policy"], path).toBe(await expectedPolicy(path));
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count(), path).toBe(1);
    // The quick-exit control's script and the stylesheet loaded (an integrity failure would be a console error).
    expect(
      watch.requests.some((url) => /\/assets\/js\/quick-exit-[A-Z0-9]+\.js$/.test(url)),
      path,
    ).toBe(true);
    expect(watch.requests, path).toContain(`${site.url}/assets/site.css`);
    await settle(page);
    expectClean(watch, [site.url], path, path === "/no-such-page/" ? [path] : []);
  });

  it("reports a violation when one happens: the watch can fail, and content pages cannot connect anywhere", async () => {
    const { page, watch } = await openWatched();
    await page.goto(`${site.url}/code-of-conduct/`);
    await page
      .evaluate(() => {
        const script = document.createElement("script");
        script.src = "/assets/site.css";
        document.head.append(script);
      })
      .catch(() => {}); // Trusted Types refuse the string: that is a violation too
    await page.evaluate(() => fetch("/keys/ada.asc").catch(() => null));
    await settle(page);
    const directives = watch.violations.map((v) => v.directive);
    expect(directives).toContain("require-trusted-types-for");
    expect(directives).toContain("connect-src");
    expect(watch.requests.filter((url) => url.endsWith("/keys/ada.asc"))).toEqual([]);
  });

  it("lets the report page connect to its own origin only", async () => {
    const { page, watch } = await openWatched();
    await openReportForm(page, `${site.url}/report/`);
    const own = await page.evaluate(() => fetch("/keys/ada.asc").then((r) => r.status));
    expect(own).toBe(200);
    await page.evaluate(() => fetch("http://127.0.0.2:9/").catch(() => null));
    await settle(page);
    // Reported once by each policy that forbids it: the header's and the page's <meta>.
    expect(new Set(watch.violations.map((v) => `${v.directive} ${v.blockedURI}`))).toEqual(
      new Set(["connect-src http://127.0.0.2:9/"]),
    );
    expect(watch.requests.some((url) => url.startsWith("http://127.0.0.2"))).toBe(false);
  });

  it("runs the report form through every state without a violation: idle, invalid, failed, sending, sent, downloads", async () => {
    const { page, watch } = await openWatched();
    await openReportForm(page, `${site.url}/report/`);

    // Invalid: a required answer missing.
    await page.locator("button.send").click();
    await page.locator("#report-what-error").waitFor();

    // Failed: the inbox answers 500, then the encrypted report is downloaded to send by email.
    await page.locator("#report-what").fill("A report sent under the site's own policy.");
    const restoreInbox = await failInbox(page);
    await page.locator("button.send").click();
    await page.locator(".failure").waitFor();
    const encrypted = page.waitForEvent("download");
    await page.getByRole("button", { name: "download the encrypted report" }).click();
    expect((await encrypted).suggestedFilename()).toMatch(/^report-R-[A-Z0-9-]+\.asc$/);
    await restoreInbox();

    // Sending: the request is held until the page shows it is on its way.
    const release = await holdInbox(page);
    await page.locator("button.send").click();
    await page.getByText("Sending the encrypted report…").waitFor();
    release();

    // Sent: the receipt, and the reporter's own copy.
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    const copy = page.waitForEvent("download");
    await page.getByRole("button", { name: "Save a copy of your report for yourself" }).click();
    await copy;
    await page.unroute("**/f/**");

    await settle(page);
    expectClean(watch, [site.url], "the report page", ["/f/xdemoform"]);
    expect(watch.requests.filter((url) => url.includes("/f/"))).toHaveLength(2);
  });

  it("shows the direct contacts under the policy when every key has expired", async () => {
    const { page, watch } = await openWatched();
    await page.clock.install({ time: new Date("2037-01-01T10:00:00Z") });
    await page.goto(`${site.url}/report/`);
    await page.locator(".report-island .unavailable").waitFor();
    await settle(page);
    expectClean(watch, [site.url], "the report page without usable keys");
  });

  it("does not block a method=dialog form under form-action 'none', and does block a form that posts", async () => {
    const { page, watch } = await openWatched();
    await page.goto(`${site.url}/report/`);
    await page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "dialog";
      document.body.append(form);
      form.requestSubmit();
    });
    await settle(page);
    expect(watch.violations).toEqual([]);

    await page.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = "/f/xdemoform";
      document.body.append(form);
      form.requestSubmit();
    });
    // The browser process refuses the submission and tells the page later: wait for that report.
    await violationReported(watch, "form-action");
    await settle(page);
    expect(new Set(watch.violations.map((v) => v.directive))).toEqual(new Set(["form-action"]));
    expect(page.url()).toBe(`${site.url}/report/`);
  });

  it("keeps the built form, without JavaScript, from posting under the policy", async () => {
    const { page, watch } = await openWatched({ javaScriptEnabled: false });
    await page.goto(`${site.url}/report/`);
    await page.locator("form.report-form").evaluate((form: HTMLFormElement) => form.requestSubmit());
    expect(page.url()).toBe(`${site.url}/report/`);
    expect(watch.requests.filter((url) => url.includes("/f/"))).toEqual([]);
    expect(watch.problems).toEqual([]);
  });
});

describe("direct mode: the form posts to an endpoint on another origin", () => {
  let served: ServedFolder | undefined;
  let inbox: { url: string; close: () => Promise<void> } | undefined;
  let inboxDir = "";
  let out = "";
  const siteOrigins: string[] = [];
  const receivingKeyIds: string[] = [];

  beforeAll(async () => {
    // The local inbox stands in for Formspree, on its own origin; site.yaml names it as the endpoint.
    inboxDir = await mkdtemp(join(tmpdir(), "confide-inbox-"));
    // Formspree answers a cross-origin post from the site's pages; the inbox allows only the origins it
    // is given, and accepts only the key ids the build publishes. Both are known only once the site is
    // built and served: the lists are filled in below.
    inbox = await startInbox({
      dir: inboxDir,
      port: 0,
      formId: "xdemoform",
      allowedOrigins: siteOrigins,
      receivingKeyIds,
    });
    const siteYaml = (await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8")).replace(
      "endpoint: https://formspree.io",
      `endpoint: ${inbox.url}`,
    );
    const folder = await contentFolder({ "_data/site.yaml": siteYaml });
    out = await mkdtemp(join(tmpdir(), "confide-site-"));
    try {
      await buildSite({ contentDir: folder.dir, outDir: out });
    } finally {
      await folder.cleanup();
    }
    served = await serveCopy(out);
    siteOrigins.push(served.url);
    const published = parseReceivingKeysDocument(await readFile(join(out, urls.receivingKeyIds), "utf8"));
    receivingKeyIds.push(...(published?.receivingKeyIds ?? []));
  });
  afterAll(async () => {
    await served?.stop();
    await inbox?.close();
    await rm(out, { recursive: true, force: true });
    await rm(inboxDir, { recursive: true, force: true });
  });

  it("allows connections to that origin on the report page only, and the report reaches it", async () => {
    if (!served || !inbox) throw new Error("not started");
    const headers = parseHeadersFile(await readFile(join(out, "_headers"), "utf8")).rules;
    const reportPolicy = applyHeaderRules(headers, "/report/", new Headers()).get("content-security-policy");
    expect(reportPolicy).toContain(`connect-src 'self' ${inbox.url};`);
    const contentPolicy = applyHeaderRules(headers, "/", new Headers()).get("content-security-policy") ?? "";
    // One policy, with no connect-src at all: default-src 'none' forbids every connection.
    expect(contentPolicy).toContain("default-src 'none'");
    expect(contentPolicy).not.toContain(",");
    expect(contentPolicy).not.toContain("connect-src");

    const { page, watch } = await openWatched();
    const response = await page.goto(`${served.url}/report/`);
    expect(response?.headers()["content-security-policy"]).toBe(reportPolicy);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    await page.locator("#report-what").fill("Posted straight to the endpoint, as on GitHub Pages.");
    await page.locator("button.send").click();
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    await settle(page);
    expectClean(watch, [served.url, inbox.url], "the report page in direct mode");
    expect(
      watch.requests.filter((url) => url.startsWith(`${inbox?.url}/f/xdemoform`)).length,
    ).toBeGreaterThan(0);
    expect((await listFiles(inboxDir)).filter((f) => f.endsWith(".json"))).toHaveLength(1);
  });
});
