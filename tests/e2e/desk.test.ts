import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMessage, encrypt, readKey } from "openpgp";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseTransparency } from "../../src/site/transparency-data.ts";
import { axeViolations } from "../helpers/axe.ts";
import { contentFolder } from "../helpers/content-folder.ts";
import {
  demoPrivateKeyPath,
  demoPublicKey,
  demoReport,
  emailWith,
  inboxRecord,
  protectedDemoKey,
} from "../helpers/desk-fixtures.ts";
import { type RunningDeskProcess, startDesk } from "../helpers/desk-process.ts";
import { type PageWatch, settle, watchPage } from "../helpers/page-watch.ts";
import { useSharedBrowser } from "../helpers/run-resources.ts";
import { csvExport } from "../responder/encrypted-reports.ts";

/** Typed into a report and into a note: no file the desk writes may contain either. */
const REPORT_SENTINEL = "SENTINEL-desk-report-5d1e";
const NOTE_SENTINEL = "SENTINEL-desk-note-8c2b";
const PASSPHRASE = "correct horse battery staple";
const SENT = new Date("2027-06-05T14:03:27Z");

let work: string;
let casesDir: string;
let content: Awaited<ReturnType<typeof contentFolder>>;
let browser: Browser;
let context: BrowserContext | undefined;
let desk: RunningDeskProcess | undefined;
const files = { csv: "", eml: "", inbox: "", meiKey: "" };
// The run's one Chromium (tests/helpers/run-resources.ts), connected for this file.
const sharedBrowser = useSharedBrowser();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "confide-desk-e2e-"));
  casesDir = join(work, "cases");
  content = await contentFolder();
  const [fromCsv, forTomas, fromEmail, fromInbox] = await Promise.all([
    demoReport({
      reference: "R-CSV0-0001",
      to: ["ada", "tomas", "mei"],
      answers: {
        what: `${REPORT_SENTINEL} <img src="/x.png" onerror="alert(1)"> \u001b[31mred\u001b[0m`,
        where: "Room 2",
        ongoing: "Yes, it is still happening",
      },
      submittedAt: SENT,
    }),
    demoReport({
      reference: "R-CSV0-0002",
      to: ["tomas"],
      answers: { what: "for Tomás" },
      submittedAt: SENT,
    }),
    demoReport({
      reference: "R-EML0-0003",
      to: ["ada", "tomas"],
      answers: { what: "by mail" },
      submittedAt: SENT,
    }),
    demoReport({
      reference: "R-INBX-0004",
      to: ["ada"],
      answers: { what: "in the inbox" },
      submittedAt: SENT,
    }),
  ]);
  files.csv = join(work, "formspree-export.csv");
  await writeFile(
    files.csv,
    csvExport([
      { reference: "R-CSV0-0001", ciphertext: fromCsv, date: "2027-06-05T14:03:29Z", kind: "ada" },
      { reference: "R-CSV0-0002", ciphertext: forTomas, date: "2027-06-05T14:05:00Z", kind: "other" },
    ]),
  );
  files.eml = join(work, "report.eml");
  await writeFile(files.eml, emailWith(fromEmail, "R-EML0-0003"));
  files.inbox = join(work, "inbox");
  await mkdir(files.inbox);
  await writeFile(
    join(files.inbox, "2027-06-05-a.json"),
    inboxRecord(fromInbox, "R-INBX-0004", "2027-06-05T15:00:00Z"),
  );
  // The CSV's first report again, as the inbox kept it: the same reference is one case.
  await writeFile(
    join(files.inbox, "2027-06-05-b.json"),
    inboxRecord(fromCsv, "R-CSV0-0001", "2027-06-05T14:03:29Z"),
  );
  files.meiKey = join(work, "mei-protected.asc");
  await writeFile(files.meiKey, await protectedDemoKey("mei", PASSPHRASE), { mode: 0o600 });
  browser = sharedBrowser();
}, 60_000);

afterEach(async () => {
  await context?.close();
  context = undefined;
});

afterAll(async () => {
  await desk?.stop();
  await content?.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** Starts (or restarts) the desk on the test's folders. */
async function restartDesk(...args: string[]): Promise<RunningDeskProcess> {
  await desk?.stop();
  desk = await startDesk(["--content", content.dir, "--cases", casesDir, ...args]);
  return desk;
}

/**
 * Opens the desk's address in a new context. `forAxe` lets axe-core's injected source run (the desk's
 * policy, like the site's, forbids it): the pages checked with axe are not checked for CSP violations.
 */
async function openDesk(options: { forAxe?: boolean } = {}): Promise<{ page: Page; watch: PageWatch }> {
  if (!desk) throw new Error("the desk is not running");
  context = await browser.newContext({ bypassCSP: options.forAxe ?? false });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(desk.address);
  await page.getByRole("heading", { name: "Confide desk", level: 1 }).waitFor();
  return { page, watch };
}

async function expectStatus(page: Page, text: string | RegExp): Promise<void> {
  await expect.poll(() => page.getByRole("status").textContent(), { timeout: 10_000 }).toMatch(text);
}

async function expectOnlyItsOwnOrigin(page: Page, watch: PageWatch): Promise<void> {
  await settle(page);
  expect(watch.violations).toEqual([]);
  expect(watch.requests.filter((url) => !url.startsWith(`${desk?.origin}/`))).toEqual([]);
}

/** Clicks a button that saves the case, and waits for the desk's answer. */
async function saveWith(page: Page, button: string): Promise<void> {
  const saved = page.waitForResponse(
    (response) => response.url().includes("/api/cases/") && response.request().method() === "POST",
  );
  await page.getByRole("button", { name: button }).click();
  expect((await saved).status()).toBe(200);
}

async function openCase(page: Page, reference: string): Promise<void> {
  await page.getByRole("button", { name: /^Cases/ }).click();
  await page.getByRole("button", { name: reference, exact: true }).click();
  await page.getByRole("heading", { name: `Report ${reference}` }).waitFor();
}

describe("the responders' desk in Chromium (issue 15)", () => {
  it("asks for a key, and unlocks with the demo key file chosen in the page", {
    timeout: 40_000,
  }, async () => {
    await restartDesk();
    const { page, watch } = await openDesk();
    await page.getByRole("heading", { name: "Unlock" }).waitFor();
    await page.getByLabel("Your private key file").setInputFiles(demoPrivateKeyPath("ada"));
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("button", { name: "Cases (0)" }).waitFor();
    await expectStatus(page, "Unlocked as Adaeze Okafor.");
    await expectOnlyItsOwnOrigin(page, watch);
  });

  it("brings in a CSV export, an .eml and the inbox folder; the same reference twice is one case", {
    timeout: 40_000,
  }, async () => {
    const { page } = await openDesk({ forAxe: true });
    // The desk keeps its key while it runs: a page opened again needs no unlocking.
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Bring reports in" }).click();
    await page.getByLabel("Choose files").setInputFiles([files.csv, files.eml]);
    await expectStatus(
      page,
      "New cases: 2. Already on the desk: 0. New versions of a case: 0. Not addressed to you: 1. Damaged: 0.",
    );
    expect(await page.locator(".import-result li").allTextContents()).toEqual(["formspree-export.csv row 3"]);
    await page.getByLabel("Choose a folder (the local inbox)").setInputFiles(files.inbox);
    await expectStatus(
      page,
      "New cases: 1. Already on the desk: 1. New versions of a case: 0. Not addressed to you: 0. Damaged: 0.",
    );
    await page.getByLabel("Paste encrypted reports").fill(await readFile(files.eml, "utf8"));
    await page.getByRole("button", { name: "Bring in the pasted text" }).click();
    await expectStatus(page, "New cases: 0. Already on the desk: 1.");
    await page.getByRole("button", { name: "Cases (3)" }).click();
    expect(await page.locator("table.cases tbody th .reference").allTextContents()).toHaveLength(3);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("shows a report as a clean page, with the attacker's markup and control characters inert", {
    timeout: 30_000,
  }, async () => {
    const { page, watch } = await openDesk({ forAxe: true });
    await openCase(page, "R-CSV0-0001");
    const heading = page.getByRole("heading", { name: "Report R-CSV0-0001" });
    expect(await heading.evaluate((el) => el === document.activeElement)).toBe(true);
    const facts = (await page.locator(".facts").textContent()) ?? "";
    expect(facts).toContain("Adaeze Okafor, Tomás Rivera, Mei Lin Chen");
    expect(facts).toContain("None: the report is anonymous");
    expect(facts).toContain("Yes, it is still happening");
    // 14:03 UTC in June is 15:03 in the event's time zone (Europe/London, summer time).
    expect(facts).toMatch(/15:03 BST/);
    const what = page.getByRole("region", { name: "What happened?" });
    expect(await what.locator(".answer").textContent()).toBe(
      `${REPORT_SENTINEL} <img src="/x.png" onerror="alert(1)"> \\x1B[31mred\\x1B[0m`,
    );
    expect(await page.locator("article img").count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith(`${desk?.origin}/`))).toEqual([]);
  });

  it("acknowledges the case, adds a note and a tag, and closes it, keeping nothing in the browser's storage", {
    timeout: 30_000,
  }, async () => {
    const { page, watch } = await openDesk();
    await openCase(page, "R-CSV0-0001");
    await page.getByLabel("Status").selectOption("acknowledged");
    await page.getByLabel("Owner").fill("Adaeze Okafor");
    await saveWith(page, "Save the case");
    await page.getByLabel("New note").fill(`Called the reporter back. ${NOTE_SENTINEL}`);
    await page.getByRole("button", { name: "Add the note" }).click();
    await page.locator(".notes li").getByText(NOTE_SENTINEL).waitFor();
    await page.getByLabel("Kind").selectOption("place");
    await page.getByLabel("Name or description").fill("Room 2");
    await page.getByRole("button", { name: "Add the tag" }).click();
    await page.getByRole("button", { name: "Remove Place: Room 2" }).waitFor();
    await page.getByLabel("Category").fill("Harassment");
    await page.getByLabel("Outcome").fill("Warning given");
    await page.getByLabel("Status").selectOption("closed");
    await saveWith(page, "Save the case");
    await expectStatus(page, "Saved.");
    await page.getByRole("button", { name: "Back to the cases" }).click();
    const row = page.locator("tr", { has: page.getByRole("button", { name: "R-CSV0-0001", exact: true }) });
    await expect.poll(() => row.locator("td").first().textContent()).toBe("Closed");
    // Nothing in the page's storage, no cookie, and neither the token nor any typed text in an address.
    expect(
      await page.evaluate(async () => [
        localStorage.length,
        sessionStorage.length,
        document.cookie,
        (await indexedDB.databases()).length,
      ]),
    ).toEqual([0, 0, "", 0]);
    expect(await context?.cookies()).toEqual([]);
    const token = desk?.token ?? "";
    expect(watch.requests.filter((url) => url.includes("SENTINEL") || url.includes(token))).toEqual([]);
    await expectOnlyItsOwnOrigin(page, watch);
  });

  it("reads the case back after the desk restarts", { timeout: 40_000 }, async () => {
    await restartDesk("--key", demoPrivateKeyPath("ada"));
    const { page } = await openDesk();
    // By keyboard alone: the case's button takes focus, Enter opens it, focus moves to its heading.
    await page.getByRole("button", { name: "R-CSV0-0001", exact: true }).focus();
    await page.keyboard.press("Enter");
    const heading = page.getByRole("heading", { name: "Report R-CSV0-0001" });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByLabel("Status").inputValue()).toBe("closed");
    expect(await page.getByLabel("Owner").inputValue()).toBe("Adaeze Okafor");
    expect(await page.getByLabel("Category").inputValue()).toBe("Harassment");
    expect(await page.getByLabel("Outcome").inputValue()).toBe("Warning given");
    expect(await page.locator(".notes").textContent()).toContain(NOTE_SENTINEL);
    expect(await page.locator(".tags").textContent()).toContain("Place: Room 2");
  });

  it("writes the transparency figures into the content folder, without counts below the threshold", {
    timeout: 30_000,
  }, async () => {
    const { page } = await openDesk();
    await page.getByRole("button", { name: "Transparency" }).click();
    await page.getByRole("button", { name: "Write the transparency figures" }).click();
    await expectStatus(page, /^Written to .*transparency\.yaml\.$/);
    const parsed = parseTransparency(await readFile(join(content.dir, "_data/transparency.yaml"), "utf8"));
    expect(parsed.kind === "data" && parsed.data).toMatchObject({
      total: 3,
      threshold: 3,
      // Harassment (1) and not yet classified (2) are each below 3: only their sum is written.
      categories: [],
      other_categories: 3,
    });
  });

  it("wrote no file holding a sentinel: case files are encrypted, 0600, and nothing else is in the folder", async () => {
    const written = (await readdir(casesDir)).sort();
    expect(written).toEqual(["R-CSV0-0001.case.asc", "R-EML0-0003.case.asc", "R-INBX-0004.case.asc"]);
    for (const path of [
      ...written.map((name) => join(casesDir, name)),
      join(content.dir, "_data/transparency.yaml"),
    ]) {
      const text = await readFile(path, "utf8");
      expect(text).not.toContain("SENTINEL");
      expect(text).not.toContain("Room 2");
    }
    for (const name of written) expect((await stat(join(casesDir, name))).mode & 0o777).toBe(0o600);
    expect(desk?.stderr()).not.toContain("SENTINEL");
  });

  it("opens the same case files on a second responder's desk, with a passphrase typed into the page", {
    timeout: 40_000,
  }, async () => {
    await restartDesk("--key", files.meiKey);
    const { page } = await openDesk();
    await page.getByText("Your key: mei-protected.asc").waitFor();
    await page.getByLabel(/^Passphrase/).fill("wrong");
    await page.getByRole("button", { name: "Unlock" }).click();
    await page.getByRole("alert").getByText("That passphrase does not unlock the key.").waitFor();
    await page.getByLabel(/^Passphrase/).fill(PASSPHRASE);
    await page.getByRole("button", { name: "Unlock" }).click();
    await expectStatus(page, "Unlocked as Mei Lin Chen.");
    // Mei received only the CSV's first report: the others' case files are encrypted to others.
    await page.getByRole("button", { name: "Cases (1)" }).waitFor();
    expect(await page.locator("section").first().textContent()).toContain(
      "Case files in this folder that are not addressed to you: 2.",
    );
    await openCase(page, "R-CSV0-0001");
    expect(await page.locator(".notes").textContent()).toContain("Adaeze Okafor");
    expect(await page.locator(".notes").textContent()).toContain(NOTE_SENTINEL);
  });

  it("answers only at its own address, and only with its token", async () => {
    if (!desk) throw new Error("the desk is not running");
    const { origin, token } = desk;
    const port = Number(new URL(origin).port);
    const status = (headers: Record<string, string>, path = "/api/state") =>
      new Promise<number>((resolve, reject) => {
        const call = request({ host: "127.0.0.1", port, path, headers }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        call.on("error", reject);
        call.end();
      });
    expect(await status({ host: `127.0.0.1:${port}`, "x-confide-desk-token": token })).toBe(200);
    // DNS rebinding: a page at another name that resolves here sends its own Host.
    expect(await status({ host: `attacker.example:${port}`, "x-confide-desk-token": token })).toBe(421);
    expect(await status({ host: `attacker.example:${port}` }, "/")).toBe(421);
    expect(await status({ host: `127.0.0.1:${port}` })).toBe(403);
    expect(await status({ host: `127.0.0.1:${port}`, "x-confide-desk-token": `${token.slice(1)}x` })).toBe(
      403,
    );
    expect(
      await status({
        host: `127.0.0.1:${port}`,
        "x-confide-desk-token": token,
        origin: "http://attacker.example",
      }),
    ).toBe(403);
  });

  it("speaks Arabic right to left with --lang ar", { timeout: 40_000 }, async () => {
    await restartDesk("--key", demoPrivateKeyPath("ada"), "--lang", "ar");
    if (!desk) throw new Error("the desk is not running");
    context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(desk.address);
    await page.getByRole("heading", { name: "مكتب Confide", level: 1 }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      "ar",
      "rtl",
    ]);
    await page.getByRole("button", { name: "الحالات (3)" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});

/** A report as a hostile sender writes it by hand: no form, no escaping, any label, any header. */
function handWrittenReport(options: { reference: string; headers?: string[]; fields: string[] }): string {
  return [
    "CONFIDE INCIDENT REPORT",
    "Format: confide-report/2",
    "Event: Tidewater Tech Days 2027",
    `Reference: ${options.reference}`,
    ...(options.headers ?? ["Submitted: 2027-06-05T14:03:27Z", "Language: en-GB", "Sent to: Adaeze Okafor"]),
    "",
    ...options.fields,
    "== End of report ==",
    "",
  ].join("\n");
}

/** Bytes encrypted to Ada as they are (not necessarily UTF-8). */
async function encryptedBytesToAda(bytes: Uint8Array): Promise<string> {
  const encryptionKeys = await readKey({ armoredKey: await demoPublicKey("ada") });
  return encrypt({ message: await createMessage({ binary: bytes }), encryptionKeys });
}

describe("issue 15: desk: a hostile report in Chromium", () => {
  const LONG = "W".repeat(200_000);
  const SCRIPT = `<script>document.title = "pwned"; alert(1)</script>`;
  const what = [
    SCRIPT,
    `<a href="javascript:alert(1)">javascript:alert(1)</a> <img src="/x.png" onerror="alert(1)">`,
    "\u202Egnissim si rewsna siht",
    "\\== Sent to: Tomás Rivera [sent_to] ==",
    "Status: Closed. Owner: Adaeze Okafor.",
    LONG,
    "bell\u0007 escape\u001b[2J nul\u0000",
  ];
  let hostileDir: string;
  let hostile: RunningDeskProcess | undefined;

  beforeAll(async () => {
    hostileDir = await mkdtemp(join(tmpdir(), "confide-desk-hostile-"));
    const report = handWrittenReport({
      reference: "R-H0ST-0001",
      headers: [
        "Submitted: 2027-06-05T14:03:27Z",
        `Language: en"><script>alert(1)</script>${"L".repeat(50_000)}`,
        `Sent to: Adaeze Okafor, \u202Eredro ni lla`,
      ],
      fields: [
        `== ${SCRIPT} \u202E${"H".repeat(50_000)} [what] ==`,
        ...what,
        "",
        // Many questions: each is a section of its own; the page stays usable.
        ...Array.from({ length: 3000 }, (_, n) => `== Question ${n} [q${n}] ==\nanswer ${n}\n`),
      ],
    });
    // Not a report: a header the parser refuses, with a direction override in it, and bytes that are
    // not UTF-8.
    const raw = new Uint8Array([
      ...new TextEncoder().encode(
        handWrittenReport({
          reference: "R-H0ST-0002",
          headers: ["Submitted: \u202Eyesterday", "Language: en", "Sent to: Adaeze Okafor"],
          fields: ["== What happened? [what] ==", "raw text"],
        }),
      ),
      0xff,
      0xfe,
      0xc3,
      0x28,
      0x0a,
    ]);
    await writeFile(
      join(hostileDir, "hostile.asc"),
      await encryptedBytesToAda(new TextEncoder().encode(report)),
    );
    await writeFile(join(hostileDir, "raw.asc"), await encryptedBytesToAda(raw));
    // 10 MB of text: refused by name, nothing kept.
    await writeFile(
      join(hostileDir, "ten-megabytes.asc"),
      await encryptedBytesToAda(new TextEncoder().encode(`${"ten megabytes ".repeat(750_000)}\n`)),
    );
  }, 60_000);

  afterAll(async () => {
    await hostile?.stop();
    await rm(hostileDir, { recursive: true, force: true });
  });

  it("shows every part of it as inert text in its own area, with the page's layout and controls intact", {
    timeout: 60_000,
  }, async () => {
    hostile = await startDesk([
      "--content",
      content.dir,
      "--cases",
      join(hostileDir, "cases"),
      "--key",
      demoPrivateKeyPath("ada"),
      join(hostileDir, "hostile.asc"),
      join(hostileDir, "raw.asc"),
    ]);
    context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const watch = await watchPage(page);
    await page.goto(hostile.address);
    await page.getByRole("button", { name: "Cases (2)" }).waitFor();
    const title = await page.title();

    // 10 MB through the page's own file input: refused by name, and the desk goes on.
    await page.getByRole("button", { name: "Bring reports in" }).click();
    await page.getByLabel("Choose files").setInputFiles(join(hostileDir, "ten-megabytes.asc"));
    await expectStatus(
      page,
      "New cases: 0. Already on the desk: 0. New versions of a case: 0. Not addressed to you: 0. Damaged: 1.",
    );
    expect(await page.locator(".import-result li").allTextContents()).toEqual([
      expect.stringMatching(/^ten-megabytes\.asc message 1: .*(larger than 1 MiB|more than)/),
    ]);

    // A name longer than the desk takes: refused before reading, and the page says what to do.
    await page.getByLabel("Choose files").setInputFiles({
      name: `${"n".repeat(501)}.asc`,
      mimeType: "text/plain",
      buffer: Buffer.from("no report"),
    });
    await expectStatus(
      page,
      "The desk did not take this: bring in at most 10000 files at a time, each with a name of at most 500 characters.",
    );
    await page.getByRole("alert").getByText("The desk did not take this").waitFor();

    await page.getByRole("button", { name: /^Cases/ }).click();
    await page.getByRole("button", { name: "R-H0ST-0001", exact: true }).click();
    const heading = page.getByRole("heading", { name: "Report R-H0ST-0001" });
    await heading.waitFor();
    const answer = page.locator(".answers .answer").first();
    expect(await answer.textContent()).toBe(
      [
        ...what.slice(0, 3),
        "== Sent to: Tomás Rivera [sent_to] ==",
        ...what.slice(4, 6),
        "bell\\x07 escape\\x1B[2J nul\\x00",
      ].join("\n"),
    );
    expect(await page.locator(".answers > section").count()).toBe(3001);
    // Nothing ran, nothing loaded, nothing was added to the page but text.
    expect(dialogs).toEqual([]);
    expect(await page.title()).toBe(title);
    expect(await page.locator("script").count()).toBe(1);
    expect(await page.locator("main img, main a, main iframe, main object, main svg").count()).toBe(0);
    expect(watch.violations).toEqual([]);
    expect(watch.requests.filter((url) => !url.startsWith(`${hostile?.origin}/`))).toEqual([]);
    expect(
      watch.requests
        .map((url) => new URL(url).pathname)
        .filter((path) => !/^\/(desk\.(js|css)|api\/.*)?$/.test(path)),
    ).toEqual([]);
    // A 200,000-character word, a 50,000-character label and language wrap inside the page: nothing
    // pushes the desk's own controls sideways.
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);

    // The desk is still the responder's: a note is added, the list comes back.
    await page.getByLabel("New note").fill("Read it.");
    await page.getByRole("button", { name: "Add the note" }).click();
    await page.locator(".notes li").getByText("Read it.").waitFor();
    await page.getByRole("button", { name: "Back to the cases" }).click();
    // Not a report: its case is named after the message's bytes, never after what it claims.
    await page.getByRole("button", { name: /^M-[0-9a-f]{16}$/ }).click();
    await page.getByRole("heading", { name: /^Decrypted message M-/ }).waitFor();
    // The parser's reason quotes the sender's header, direction override and all: it is isolated, so
    // the desk's own words after it keep their order.
    expect(await page.locator("article p bdi").textContent()).toMatch(
      /"Submitted: \u202Eyesterday" is not a UTC time/,
    );
    expect(await page.locator("article p", { has: page.locator("bdi") }).textContent()).toMatch(
      /^This is not a readable Confide report \(.*\)\. Its text follows as it is\.$/,
    );
    const rawText = (await page.locator("article .answer").textContent()) ?? "";
    expect(rawText).toContain("raw text");
    expect(rawText).toContain("\uFFFD");
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true);
    expect(dialogs).toEqual([]);
    expect(watch.violations).toEqual([]);
  });
});
