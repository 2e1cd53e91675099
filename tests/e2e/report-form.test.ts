import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as openpgp from "openpgp";
import type { Browser, BrowserContext, Page, Request } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseReport } from "../../src/report/report-format.ts";
import { REFERENCE_PATTERN } from "../../src/report/report-reference.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { gpgDecrypt } from "../helpers/gpg.ts";
import { recipientKeyIds } from "../helpers/recipient-packets.ts";
import {
  decryptWithOpenpgp,
  demoPrivateKey,
  type ReportSite,
  startReportSite,
  useReportSiteAndBrowser,
} from "../helpers/report-site.ts";

/** The only fields a submission's request body may carry (the submission contract, src/report/submission.ts). */
const POSTED_FIELDS = ["ciphertext", "reference", "version"];
const BODY_PROMISE =
  "issue 13: the request body carries exactly ciphertext, reference and version, nothing typed";
const VISIBLE_RECIPIENTS_PROMISE =
  "issue 16: a form report names its recipients: one recipient packet per reader of the copy, each with that reader's encryption key id, in roster order";

/** The key id each demo responder's reports are encrypted to (their newest encryption key), in order. */
async function demoKeyIds(ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      const key = await openpgp.readKey({
        armoredKey: await readFile(join(EXAMPLE_CONTENT, `keys/${id}.asc`), "utf8"),
      });
      return (await key.getEncryptionKey()).getKeyID().toHex();
    }),
  );
}

/** What the tests type, by field id (the example's report.yaml). */
const ANSWERS = {
  contact: "Sam, sam@attendee.example",
  when: "Saturday, around 3 pm",
  where: "Room 2, after the keynote",
  what: "Someone kept photographing me after I said no.\nThey followed me to the café.",
  who: "Tall, green jacket, badge says Tidewater Volunteer",
  witnesses: "Priya (speaker) saw it",
  safety: "I am worried they will find me at the party.",
};
const ONGOING = "No";

const shared = useReportSiteAndBrowser();
let site: ReportSite;
let browser: Browser;
let context: BrowserContext;
beforeAll(() => {
  site = shared.site();
  browser = shared.browser();
});
afterEach(async () => {
  await context?.close();
});

async function openReportPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  await page.goto(`${site.url}/report/`);
  if (options.javaScriptEnabled !== false)
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
  return page;
}

async function fillReport(page: Page, answers: Record<string, string> = ANSWERS): Promise<void> {
  for (const [id, value] of Object.entries(answers)) await page.locator(`#report-${id}`).fill(value);
  await page.getByLabel(ONGOING, { exact: true }).check();
}

async function send(page: Page): Promise<void> {
  await page.locator("button.send").click();
}

async function expectFormStillHolds(page: Page, answers: Record<string, string> = ANSWERS): Promise<void> {
  for (const [id, value] of Object.entries(answers))
    expect(await page.locator(`#report-${id}`).inputValue()).toBe(value);
  expect(await page.getByLabel(ONGOING, { exact: true }).isChecked()).toBe(true);
}

describe("the report form in Chromium", () => {
  it("encrypts in the browser, posts only ciphertext, a reference and the version, and every field survives", async () => {
    const before = (await site.submissions()).length;
    const page = await openReportPage();
    await fillReport(page);
    const posted = page.waitForRequest((request) => request.method() === "POST");
    await send(page);
    // The body as it leaves the browser, checked before waiting for any answer: a field too many
    // fails here, naming the promise, not as a timeout waiting for a receipt the inbox refused.
    const body = (await posted).postDataJSON() as Record<string, string> | null;
    expect(Object.keys(body ?? {}).sort(), BODY_PROMISE).toEqual(POSTED_FIELDS);
    expect(recipientKeyIds(body?.ciphertext ?? ""), VISIBLE_RECIPIENTS_PROMISE).toEqual(
      await demoKeyIds(["ada", "tomas", "mei"]),
    );
    const receipt = page.getByRole("heading", { name: "Your report has been sent" });
    await receipt.waitFor();
    expect(await receipt.evaluate((el) => el === document.activeElement)).toBe(true);
    const reference = await page.locator(".reference").textContent();
    expect(reference).toMatch(REFERENCE_PATTERN);
    expect(await page.locator(".receipt").textContent()).toContain("within one week");
    const copy = page.waitForEvent("download");
    await page.getByRole("button", { name: "Save a copy of your report for yourself" }).click();
    expect((await copy).suggestedFilename()).toBe(`my-report-${reference}.txt`);

    const stored = (await site.submissions()).slice(before);
    expect(stored).toHaveLength(1);
    const [submission] = stored as [{ ciphertext: string; reference: string; version: string }];
    expect(Object.keys(submission).sort()).toEqual([
      "ciphertext",
      "formId",
      "receivedAt",
      "reference",
      "version",
    ]);
    expect(submission.reference).toBe(reference);
    expect(submission.version).toBe("2");
    expect(submission.ciphertext).toMatch(
      /^-----BEGIN PGP MESSAGE-----\n[\s\S]+-----END PGP MESSAGE-----\n?$/,
    );
    expect(recipientKeyIds(submission.ciphertext), VISIBLE_RECIPIENTS_PROMISE).toEqual(
      await demoKeyIds(["ada", "tomas", "mei"]),
    );

    // openpgp.js, with each demo responder's private key …
    for (const id of ["ada", "tomas", "mei"] as const) {
      const { report } = await decryptWithOpenpgp(submission.ciphertext, await demoPrivateKey(id));
      expect(report.reference).toBe(reference);
      expect(report.recipients).toEqual(["Adaeze Okafor", "Tomás Rivera", "Mei Lin Chen"]);
      const answers = Object.fromEntries(report.fields.map((f) => [f.id, f.answer]));
      expect(answers).toEqual({ ...ANSWERS, ongoing: ONGOING });
    }
    // … and plain gpg, as a responder without Confide would.
    const gpg = await gpgDecrypt([await demoPrivateKey("ada")], submission.ciphertext);
    expect(gpg.code).toBe(0);
    const parsed = parseReport(gpg.stdout);
    expect(parsed.kind).toBe("report");
    expect(gpg.stdout).toContain(`== What happened? [what] ==\n${ANSWERS.what}\n`);
  });

  it("issue 16: leaving one responder out stores one copy in each chosen inbox, same reference, and nothing in the team's or theirs", async () => {
    const before = (await site.submissions()).length;
    const page = await openReportPage();
    await fillReport(page);
    await page.getByRole("checkbox", { name: /Tomás Rivera/ }).uncheck();
    // The form says, next to the choice, what the person left out will and will not see.
    const note = page.locator(".left-out-note");
    await note.waitFor();
    expect(await note.textContent()).toContain(
      "Tomás Rivera will not receive this report or any notice of it",
    );
    expect(await note.textContent()).toContain("Tomás Rivera also read the shared address");
    await send(page);
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    const reference = await page.locator(".reference").textContent();
    const copies = (await site.submissions()).slice(before) as Array<{
      ciphertext: string;
      reference: string;
      formId: string;
    }>;
    expect(copies.map((copy) => copy.formId).sort()).toEqual(["xdemoada", "xdemomei"]);
    expect(copies.map((copy) => copy.reference)).toEqual([reference, reference]);
    for (const copy of copies)
      expect(recipientKeyIds(copy.ciphertext), VISIBLE_RECIPIENTS_PROMISE).toEqual(
        await demoKeyIds([copy.formId === "xdemoada" ? "ada" : "mei"]),
      );

    for (const copy of copies) {
      const owner = copy.formId === "xdemoada" ? "ada" : "mei";
      const { report } = await decryptWithOpenpgp(copy.ciphertext, await demoPrivateKey(owner));
      expect(report.recipients).toEqual(["Adaeze Okafor", "Mei Lin Chen"]);
      // Each copy is for its owner alone: neither the other chosen responder nor the one left out reads it.
      for (const other of ["ada", "mei", "tomas"] as const) {
        if (other === owner) continue;
        await expect(decryptWithOpenpgp(copy.ciphertext, await demoPrivateKey(other))).rejects.toThrow();
        expect((await gpgDecrypt([await demoPrivateKey(other)], copy.ciphertext)).code).not.toBe(0);
      }
    }
  });

  it("keeps at least one responder: unticking everyone is explained at the field, nothing is sent", async () => {
    const before = (await site.submissions()).length;
    const page = await openReportPage();
    await fillReport(page);
    for (const name of [/Adaeze Okafor/, /Tomás Rivera/, /Mei Lin Chen/])
      await page.getByRole("checkbox", { name }).uncheck();
    await send(page);
    const error = page.locator("#report-recipients-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Choose at least one person to read your report.");
    expect(await page.locator("#report-recipients").getAttribute("aria-describedby")).toContain(
      "report-recipients-error",
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("report-recipients");
    expect((await site.submissions()).length).toBe(before);
  });

  it("ties a missing required answer to its field and moves focus there", async () => {
    const page = await openReportPage();
    await page.locator("#report-when").fill("Friday");
    await send(page);
    const input = page.locator("#report-what");
    await page.locator("#report-what-error").waitFor();
    expect(await input.getAttribute("aria-invalid")).toBe("true");
    expect(await input.getAttribute("aria-describedby")).toContain("report-what-error");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("report-what");
    expect(await page.locator("#report-when").inputValue()).toBe("Friday");
  });

  it("leaks nothing typed: no request body, URL, header or storage holds it, and nothing goes to another origin", async () => {
    const sentinel = `SENTINEL-${Math.random().toString(36).slice(2)}`;
    const page = await openReportPage();
    const requests: Request[] = [];
    page.on("request", (request) => requests.push(request));
    const answers = Object.fromEntries(Object.keys(ANSWERS).map((id) => [id, `${sentinel} ${id}`]));
    await fillReport(page, answers);
    const posted = page.waitForRequest((request) => request.method() === "POST");
    await send(page);
    const body = (await posted).postData() ?? "";
    expect(body, BODY_PROMISE).not.toContain(sentinel);
    expect(Object.keys(JSON.parse(body)).sort(), BODY_PROMISE).toEqual(POSTED_FIELDS);
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();

    expect(requests.length).toBeGreaterThan(0);
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(site.url);
      expect(request.url()).not.toContain(sentinel);
      expect(JSON.stringify(await request.allHeaders())).not.toContain(sentinel);
      expect(request.postData() ?? "").not.toContain(sentinel);
    }
    const posts = requests.filter((r) => r.method() === "POST");
    expect(posts).toHaveLength(1);
    expect(Object.keys(JSON.parse(posts[0]?.postData() ?? "{}")).sort(), BODY_PROMISE).toEqual(POSTED_FIELDS);

    const storage = await page.evaluate(async () => ({
      local: JSON.stringify({ ...localStorage }),
      session: JSON.stringify({ ...sessionStorage }),
      cookie: document.cookie,
      indexedDb: JSON.stringify(await indexedDB.databases()),
      url: location.href,
    }));
    expect(storage).toEqual({
      local: "{}",
      session: "{}",
      cookie: "",
      indexedDb: "[]",
      url: `${site.url}/report/`,
    });
    expect(JSON.stringify(await context.storageState())).not.toContain(sentinel);
  });

  it("loses nothing when the inbox is unreachable, fails or is busy, and a retry delivers one report", async () => {
    const before = (await site.submissions()).length;
    const page = await openReportPage();
    await fillReport(page);
    const references: string[] = [];
    const failures = [
      { kind: "unreachable", expect: "We could not reach the report inbox" },
      { kind: "500", expect: "The report inbox had a problem" },
      { kind: "429", expect: "Too many reports from this connection" },
    ];
    for (const failure of failures) {
      await page.route("**/f/**", async (route) => {
        references.push((route.request().postDataJSON() as { reference: string }).reference);
        if (failure.kind === "unreachable") return route.abort("connectionrefused");
        if (failure.kind === "500")
          return route.fulfill({
            status: 500,
            contentType: "text/html",
            body: "<h1>Internal Server Error</h1>",
          });
        return route.fulfill({
          status: 429,
          headers: { "retry-after": "30", "access-control-allow-origin": "*" },
          contentType: "application/json",
          body: JSON.stringify({
            errors: [
              {
                code: "RATE_LIMITED",
                message: "Too many reports from this connection. Try again in 30 seconds.",
              },
            ],
          }),
        });
      });
      await send(page);
      const alert = page.locator(".failure");
      await alert.waitFor();
      expect(await alert.textContent()).toContain(failure.expect);
      expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
      await expectFormStillHolds(page);
      expect(await page.locator("button.send").textContent()).toBe("Try sending again");
      expect((await site.submissions()).length).toBe(before);
      await page.unroute("**/f/**");
    }

    // The encrypted report can be saved to send by email while the inbox is down.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "download the encrypted report" }).click();
    expect((await download).suggestedFilename()).toBe(`report-${references[0]}.asc`);

    const posted = page.waitForRequest((r) => r.method() === "POST");
    await send(page);
    references.push((await posted).postDataJSON().reference);
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    expect(new Set(references).size).toBe(1);
    const stored = (await site.submissions()).slice(before);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.reference).toBe(references[0]);
  });

  it("without JavaScript offers the direct contacts and no form that can post", async () => {
    const page = await openReportPage({ javaScriptEnabled: false });
    const posts: string[] = [];
    page.on("request", (r) => r.method() !== "GET" && posts.push(r.url()));
    expect(await page.locator("fieldset.report-fieldset").getAttribute("disabled")).not.toBeNull();
    expect(await page.locator("button.send").isDisabled()).toBe(true);
    expect(await page.locator("form.report-form").getAttribute("method")).toBe("dialog");
    await page.locator("form.report-form").evaluate((form: HTMLFormElement) => form.requestSubmit());
    expect(page.url()).toBe(`${site.url}/report/`);
    expect(posts).toEqual([]);
    expect(await page.locator("noscript").count()).toBeGreaterThan(0);
    for (const email of [
      "ada@tidewater.example",
      "tomas@tidewater.example",
      "mei@tidewater.example",
      "conduct@tidewater.example",
    ]) {
      expect(await page.locator(`a[href="mailto:${email}"]`).count()).toBeGreaterThan(0);
    }
  });

  it("asks before leaving with unsent text, but the quick exit leaves at once and leaves no way back", async () => {
    context = await browser.newContext();
    // The neutral page is answered here, so no request leaves the machine.
    await context.route("https://www.bbc.co.uk/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Weather</title>" }),
    );
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    await page.locator("#report-what").fill("Something happened");

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss();
    });
    await page.getByRole("link", { name: "Code of conduct" }).click();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual(["beforeunload"]);
    expect(page.url()).toBe(`${site.url}/report/`);

    // Keyboard: the quick exit is the next stop after the skip link, the first thing on every page.
    await page.locator(".skip-link").focus();
    await page.keyboard.press("Tab");
    // Its name is its words alone: the visible "or press Esc 3 times" hint is hidden from screen readers.
    const quickExit = page.getByRole("link", { name: "Leave this site quickly", exact: true });
    expect(await quickExit.evaluate((link) => link === document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await page.waitForURL("https://www.bbc.co.uk/**");
    expect(dialogs).toEqual(["beforeunload"]);
    await page.goBack();
    expect(page.url()).not.toContain("/report/");
  });

  it("skips responders whose keys have expired since the build, and offers direct contacts when none is left", async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    // Every demo key expires on 2036-11-01.
    await page.clock.install({ time: new Date("2037-01-01T10:00:00Z") });
    await page.goto(`${site.url}/report/`);
    const unavailable = page.locator(".report-island .unavailable");
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toContain("because the responders’ keys have expired");
    expect(await page.locator(".report-island a[href='mailto:ada@tidewater.example']").count()).toBe(1);
    // Issue 12: the other channels are listed wherever the ways to report are, this fallback too.
    expect(await page.locator(".report-island a[href='https://social.example/@tidewater']").count()).toBe(1);
    expect(await page.locator(".report-island form").count()).toBe(0);
  });
});

describe("a responder's key that expires after the build", () => {
  let shortLived: ReportSite;
  const expiresInDays = 2;

  beforeAll(async () => {
    // Mei's demo key is swapped for one that expires two days from now; the build accepts it (with a warning).
    const { generateKey, readKey } = await import("openpgp");
    const { readFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { contentFolder, EXAMPLE_CONTENT } = await import("../helpers/content-folder.ts");
    const { publicKey } = await generateKey({
      type: "ecc",
      curve: "curve25519Legacy",
      userIDs: [{ name: "Mei Lin Chen", email: "mei@tidewater.example" }],
      keyExpirationTime: expiresInDays * 24 * 3600,
      format: "armored",
    });
    const fingerprint = (await readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")).replace(
      /fingerprint: "7FCF[^"]*"/,
      `fingerprint: "${fingerprint}"`,
    );
    const folder = await contentFolder({ "keys/mei.asc": publicKey, "_data/roster.yaml": roster });
    shortLived = await startReportSite(folder.dir);
    await folder.cleanup();
  });
  afterAll(() => shortLived?.stop());

  it("is skipped with a visible notice, and the report goes to the others", async () => {
    context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date(Date.now() + (expiresInDays + 1) * 24 * 3600 * 1000) });
    await page.goto(`${shortLived.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    expect(await page.locator(".recipients .notice").textContent()).toContain(
      "Mei Lin Chen cannot receive reports through this form right now",
    );
    expect(await page.getByRole("checkbox", { name: /Mei Lin Chen/ }).count()).toBe(0);
    await page.locator("#report-what").fill("Sent after Mei's key expired.");
    await send(page);
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
    const [submission] = (await shortLived.submissions()) as [{ ciphertext: string }];
    const { report } = await decryptWithOpenpgp(submission.ciphertext, await demoPrivateKey("ada"));
    expect(report.recipients).toEqual(["Adaeze Okafor", "Tomás Rivera"]);
  });
});
