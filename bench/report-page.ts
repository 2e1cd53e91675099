// The report page in Chromium: what loads before the reporter interacts, when the OpenPGP code
// loads, how long the main thread is blocked, what sending loads, and how long encrypting takes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Response } from "playwright-core";
import { parse } from "yaml";
import { reportSchema } from "../src/report/report-fields.ts";
import { EXAMPLE_CONTENT, fixtureKey } from "../tests/helpers/content-folder.ts";
import { gzipped } from "../tests/helpers/page-budgets.ts";
import type { ReportSite } from "../tests/helpers/report-site.ts";
import { median } from "./measure.ts";

const isCryptoChunk = (url: string) => /\/chunks\/seal-report-[A-Z0-9]+\.js$/.test(new URL(url).pathname);
const hydrated = "fieldset.report-fieldset:not([disabled])";

/** The JavaScript the built report page loads before interaction (its script and modulepreloads), gzip -9. */
export async function initialJavaScript(out: string): Promise<number> {
  const html = await readFile(join(out, "report/index.html"), "utf8");
  const urls = [
    ...[...html.matchAll(/<script type="module" src="([^"]+)"/g)].map((m) => m[1] ?? ""),
    ...[...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1] ?? ""),
  ];
  let total = 0;
  for (const url of new Set(urls)) total += gzipped(await readFile(join(out, url)));
  return total;
}

/**
 * Opens the report page at a 4x CPU slowdown (Lighthouse's mobile setting), waits until it is hydrated
 * and idle, and reports the OpenPGP requests made before the first focus and after it, and the total
 * blocking time of the load: the sum over long tasks of their time beyond 50 ms (Lighthouse's TBT
 * counts the same tasks between first paint and interactive; this counts every task of the load).
 */
export async function loadBehaviour(
  browser: Browser,
  url: string,
): Promise<{ cryptoBeforeFocus: number; cryptoAfterFocus: number; blockingMs: number; longTasks: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(url);
  await page.locator(hydrated).waitFor();
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  const cryptoBeforeFocus = requests.filter(isCryptoChunk).length;
  const crypto = page.waitForRequest((request) => isCryptoChunk(request.url()), { timeout: 30_000 });
  await page.locator("#report-what").focus();
  await crypto.catch(() => null);
  const cryptoAfterFocus = requests.filter(isCryptoChunk).length;
  await context.close();
  return {
    cryptoBeforeFocus,
    cryptoAfterFocus,
    blockingMs: tasks.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
    longTasks: tasks.length,
  };
}

/**
 * Sends one report through the page and sums what was loaded, each body read to its end before the
 * sum: gzip -9 of each body (the budget's measure), and the bytes as the server sent them (its
 * compression, as hosts compress).
 */
export async function wholePage(
  browser: Browser,
  url: string,
): Promise<{ gzipBytes: number; transferredBytes: number; responses: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes: Array<Promise<[number, number]>> = [];
  page.on("response", (response: Response) => {
    if (response.request().method() !== "GET") return;
    sizes.push(
      Promise.all([response.body(), response.request().sizes()]).then(([body, wire]) => [
        gzipped(body),
        wire.responseBodySize,
      ]),
    );
  });
  await page.goto(url);
  await page.locator(hydrated).waitFor();
  await page.locator("#report-what").fill("A report, to load everything sending needs.");
  await page.locator("button.send").click();
  await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
  await page.waitForLoadState("networkidle");
  const read = await Promise.all(sizes);
  await context.close();
  return {
    gzipBytes: read.reduce((sum, [gzip]) => sum + gzip, 0),
    transferredBytes: read.reduce((sum, [, wire]) => sum + wire, 0),
    responses: read.length,
  };
}

/**
 * Encrypts a 5 KB report to 5 keys (the 3 demo keys, a GnuPG ed25519 key and a GnuPG RSA 4096 key)
 * with the page's own OpenPGP chunk, `runs` times after one warm-up (which parses the keys once, as the
 * page does), and returns the median time of a warm run in ms.
 */
export async function encryptTimings(browser: Browser, site: ReportSite, runs: number): Promise<number> {
  const chunk = (await readdir(join(site.out, "assets/js/chunks"))).find((f) => f.startsWith("seal-report-"));
  const fields = reportSchema.parse(
    parse(await readFile(join(EXAMPLE_CONTENT, "_data/report.yaml"), "utf8")),
  ).fields;
  const keys = [
    ...(await Promise.all(
      ["ada", "tomas", "mei"].map((id) => readFile(join(EXAMPLE_CONTENT, `keys/${id}.asc`), "utf8")),
    )),
    (await fixtureKey("gpg-ed25519")).armored,
    (await fixtureKey("gpg-rsa4096")).armored,
  ];
  const recipients = keys.map((armoredKey, i) => ({
    id: `r${i}`,
    name: `Responder ${i}`,
    role: "",
    pronouns: null,
    about: null,
    fingerprint: "",
    expires: null,
    armoredKey,
  }));
  const answers = Object.fromEntries(
    fields.map((f) => [f.id, f.type === "choice" ? (f.options?.[0] ?? "") : ""]),
  );
  answers.what = "The reporter describes what happened, in detail and in their own words. "
    .repeat(70)
    .slice(0, 5000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/report/`);
  const timings: number[] = await page.evaluate(
    async ({ url, fields, answers, recipients, runs }) => {
      const { sealReport } = await import(url);
      const options = {
        fields,
        answers,
        eventName: "Bench",
        reference: "R-0000-0000",
        submittedAt: new Date(),
        language: "en",
        // One copy to all five (everyone kept, recipients visible: the site's default).
        chosen: recipients,
        copies: [{ target: "team", owner: null, readers: recipients.map((r: { id: string }) => r.id) }],
        places: recipients,
        usable: recipients,
        hideRecipients: false,
      };
      await sealReport(options); // warm-up: loads the curve chunks, compiles, parses the keys once
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await sealReport(options);
        times.push(performance.now() - start);
      }
      return times;
    },
    { url: `/assets/js/chunks/${chunk}`, fields, answers, recipients, runs },
  );
  await context.close();
  return median(timings);
}
