import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ParsedReport, parseReport } from "../../src/report/report-format.ts";
import { REFERENCE_PATTERN } from "../../src/report/report-reference.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import { contentFolder, fixtureKey, roster, rosterEntry } from "../helpers/content-folder.ts";
import { runGpg } from "../helpers/gpg.ts";
import { type ProcessResult, runProcess } from "../helpers/process.ts";
import { type ReportSite, startReportSite } from "../helpers/report-site.ts";
import { runConfide } from "../helpers/run-cli.ts";
import { connectSharedBrowser } from "../helpers/run-resources.ts";

/**
 * Issue 5, "Interoperability": keys made by GnuPG (ed25519/cv25519 and RSA 4096) and by `confide keygen`
 * work in the roster and in the built form, and the reports the form sends decrypt with plain GnuPG.
 */

/** What the test types into the example's report form, by field id. */
const ANSWERS = {
  contact: "Noor, +44 7700 900777",
  when: "Friday evening, 21:30",
  where: "The boat party, upper deck",
  what: "A speaker made comments about my body, twice.\nWhen I walked away he followed me to the bar — «ça suffit», I said.",
  who: "Grey suit, speaker badge",
  witnesses: "The bartender",
  safety: "I do not want him to know it was me.",
};
const ONGOING = "I am not sure";
const KEYGEN_PASSPHRASE = "seven quiet otters under the pier";

/** One responder, the GnuPG home that holds their private key, and how to unlock it. */
interface Responder {
  id: string;
  name: string;
  email: string;
  /** made by */
  origin: string;
  fingerprint: string;
  armoredPublicKey: string;
  /** a GnuPG home holding this responder's private key, and nothing else */
  gnupgHome: string;
  /** the private key exported from GnuPG (or written by keygen), armored */
  privateKeyFile: string;
  /** for a key protected by a passphrase */
  passphraseFile?: string;
}

let work: string;
let responders: Responder[] = [];
let contentCleanup: (() => Promise<void>) | undefined;
let site: ReportSite | undefined;
let browser: Browser | undefined;
/** The one stored submission the browser sent, encrypted to every responder above. */
let submission: { ciphertext: string; reference: string };

/** gpg in a throwaway home: see tests/helpers/gpg.ts. */
const gpg = runGpg;

async function ok(result: Promise<ProcessResult>, what: string): Promise<ProcessResult> {
  const done = await result;
  if (done.code !== 0) throw new Error(`${what} failed (${done.code}): ${done.stderr}`);
  return done;
}

async function newGnupgHome(name: string): Promise<string> {
  const home = join(work, `gnupg-${name}`);
  await mkdir(home, { mode: 0o700 });
  return home;
}

async function primaryFingerprint(home: string, email: string): Promise<string> {
  const { stdout } = await ok(gpg(home, ["--with-colons", "--list-keys", `<${email}>`]), "gpg --list-keys");
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(stdout)?.[1];
  if (!fingerprint) throw new Error(`no fingerprint for ${email} in:\n${stdout}`);
  return fingerprint;
}

/** A key pair made by GnuPG in its own home, exported the way a responder would. */
async function gnupgResponder(options: {
  id: string;
  name: string;
  origin: string;
  make: (home: string, userId: string) => Promise<void>;
}): Promise<Responder> {
  const email = `${options.id}@interop.example`;
  const home = await newGnupgHome(options.id);
  await options.make(home, `${options.name} <${email}>`);
  const fingerprint = await primaryFingerprint(home, email);
  const armoredPublicKey = (await ok(gpg(home, ["--armor", "--export", fingerprint]), "gpg --export")).stdout;
  const privateKeyFile = join(work, `${options.id}.sec.asc`);
  const exported = await ok(
    gpg(home, ["--armor", "--export-secret-keys", fingerprint]),
    "gpg --export-secret-keys",
  );
  await writeFile(privateKeyFile, exported.stdout, { mode: 0o600 });
  return { ...options, email, fingerprint, armoredPublicKey, gnupgHome: home, privateKeyFile };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "confide-interop-"));
  const content = await contentFolder();
  contentCleanup = content.cleanup;

  // GnuPG's own choice of a modern key: ed25519 primary + cv25519 encryption subkey.
  const future = await gnupgResponder({
    id: "gnupg-default",
    name: "Grace Default",
    origin: "gpg --quick-generate-key future-default",
    make: async (home, userId) => {
      await ok(gpg(home, ["--quick-generate-key", userId, "future-default", "default", "2y"]), "gpg keygen");
    },
  });
  // The same, step by step, as many guides write it.
  const split = await gnupgResponder({
    id: "gnupg-subkey",
    name: "Sven Subkey",
    origin: "gpg --quick-generate-key ed25519 + --quick-add-key cv25519 encr",
    make: async (home, userId) => {
      await ok(gpg(home, ["--quick-generate-key", userId, "ed25519", "sign,cert", "2y"]), "gpg keygen");
      const fingerprint = await primaryFingerprint(home, userId.replace(/^.*<|>$/g, ""));
      await ok(gpg(home, ["--quick-add-key", fingerprint, "cv25519", "encr", "2y"]), "gpg --quick-add-key");
    },
  });
  // RSA 4096 made by GnuPG: the fixture, to spare the test a minute of key generation.
  const rsaFixture = await fixtureKey("gpg-rsa4096");
  const rsaHome = await newGnupgHome("gnupg-rsa");
  const rsaPrivate = join(work, "gnupg-rsa.sec.asc");
  await writeFile(rsaPrivate, rsaFixture.armoredPrivate ?? "", { mode: 0o600 });
  await ok(gpg(rsaHome, ["--import", rsaPrivate]), "gpg --import");
  const rsa: Responder = {
    id: "gnupg-rsa",
    name: "GnuPG RSA 4096",
    email: "gpg-rsa4096@fixtures.example",
    origin: "gpg RSA 4096 (tests/fixtures/keys/gpg-rsa4096)",
    fingerprint: rsaFixture.fingerprint,
    armoredPublicKey: rsaFixture.armored,
    gnupgHome: rsaHome,
    privateKeyFile: rsaPrivate,
  };

  // `confide keygen`, as a responder runs it, with a passphrase; its printed entry goes in the roster.
  const passphraseFile = join(work, "keygen-passphrase.txt");
  await writeFile(passphraseFile, `${KEYGEN_PASSPHRASE}\n`, { mode: 0o600 });
  const keygenPrivate = join(work, "keygen-home/.confide/kim.sec.asc");
  const made = await runConfide(
    [
      "keygen",
      ...["--id", "kim", "--name", "Kim Keygen", "--email", "kim@interop.example"],
      ...["--content", content.dir, "--private-out", keygenPrivate, "--passphrase-file", passphraseFile],
    ],
    { env: { HOME: join(work, "keygen-home") } },
  );
  if (made.code !== 0) throw new Error(`confide keygen failed: ${made.stderr}`);
  const keygenEntry = /^ {2}- id: kim\n[\s\S]*?receives_reports: true$/m.exec(made.stdout)?.[0] ?? "";
  const keygenHome = await newGnupgHome("kim");
  await ok(gpg(keygenHome, ["--import", keygenPrivate], { passphraseFile }), "gpg --import (keygen key)");
  const armoredKeygenKey = await readFile(join(content.dir, "keys/kim.asc"), "utf8");
  const keygen: Responder = {
    id: "kim",
    name: "Kim Keygen",
    email: "kim@interop.example",
    origin: "confide keygen",
    fingerprint: await primaryFingerprint(keygenHome, "kim@interop.example"),
    armoredPublicKey: armoredKeygenKey,
    gnupgHome: keygenHome,
    privateKeyFile: keygenPrivate,
    passphraseFile,
  };

  responders = [future, split, rsa, keygen];
  const entries = [future, split, rsa].map((r) =>
    rosterEntry({
      id: r.id,
      name: r.name,
      email: r.email,
      key: `keys/${r.id}.asc`,
      fingerprint: groupFingerprint(r.fingerprint),
    }),
  );
  for (const r of [future, split, rsa])
    await writeFile(join(content.dir, `keys/${r.id}.asc`), r.armoredPublicKey);
  await writeFile(join(content.dir, "_data/roster.yaml"), roster(...entries, keygenEntry));
  const check = await runConfide(["check", "--content", content.dir]);
  if (check.code !== 0) throw new Error(`confide check refused the interop roster:\n${check.stdout}`);

  site = await startReportSite(content.dir);
  browser = await connectSharedBrowser();

  // One report through the built form, in Chromium, to all four responders (all ticked by default).
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/report/`);
    await page.locator("fieldset.report-fieldset:not([disabled])").waitFor();
    for (const responder of responders)
      expect(await page.getByRole("checkbox", { name: new RegExp(responder.name) }).isChecked()).toBe(true);
    for (const [id, value] of Object.entries(ANSWERS)) await page.locator(`#report-${id}`).fill(value);
    await page.getByLabel(ONGOING, { exact: true }).check();
    await page.locator("button.send").click();
    await page.getByRole("heading", { name: "Your report has been sent" }).waitFor();
  } finally {
    await context.close();
  }
  const stored = (await site.submissions()) as Array<{ ciphertext: string; reference: string }>;
  expect(stored).toHaveLength(1);
  submission = stored[0] as { ciphertext: string; reference: string };
  expect(submission.reference).toMatch(REFERENCE_PATTERN);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await contentCleanup?.();
  for (const home of responders.map((r) => r.gnupgHome))
    await runProcess("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => null);
  if (work) await rm(work, { recursive: true, force: true });
});

/** Every field the reporter typed, the reference, and the names the report was sent to. */
function expectWholeReport(report: ParsedReport): void {
  expect(report.reference).toBe(submission.reference);
  expect(report.event).toBe("Tidewater Tech Days 2027");
  expect(report.recipients).toEqual(responders.map((r) => r.name));
  expect(Object.fromEntries(report.fields.map((f) => [f.id, f.answer]))).toEqual({
    ...ANSWERS,
    ongoing: ONGOING,
  });
}

describe("reports from the built form, to keys made by GnuPG and by confide keygen", () => {
  it.each([
    ["gnupg-default", "gpg --quick-generate-key future-default"],
    ["gnupg-subkey", "gpg ed25519 + cv25519 subkey"],
    ["gnupg-rsa", "gpg RSA 4096"],
    ["kim", "confide keygen, imported into GnuPG"],
  ])("decrypt with plain gpg --decrypt, every field intact: %s (%s)", async (id) => {
    const responder = responders.find((r) => r.id === id) as Responder;
    const { code, stdout, stderr } = await gpg(responder.gnupgHome, ["--status-fd", "2", "--decrypt"], {
      input: submission.ciphertext,
      passphraseFile: responder.passphraseFile,
    });
    // issue 16: the recipients are named, so gpg goes straight to its own key: no "anonymous
    // recipient", no "ecdh failed … Checksum error" from trying it on another responder's part, exit 0.
    expect(stderr).not.toContain("anonymous recipient");
    expect(stderr).toContain("[GNUPG:] DECRYPTION_OKAY");
    expect(stderr).toContain("[GNUPG:] GOODMDC");
    expect(stderr).not.toContain("DECRYPTION_FAILED");
    expect(stderr).not.toMatch(/Checksum error/i);
    expect(code, stderr).toBe(0);
    const parsed = parseReport(stdout);
    if (parsed.kind !== "report") throw new Error(parsed.message);
    expectWholeReport(parsed.report);
    expect(stdout).toContain(`== What happened? [what] ==\n${ANSWERS.what}\n`);
  });
});

/**
 * The fields of the reports `confide decrypt` printed: each "Label [id]" line, then the answer
 * indented by four spaces, up to the next label.
 */
function printedAnswers(stdout: string): Record<string, string> {
  const answers: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const line of stdout.split("\n")) {
    const label = /^\S.* \[([a-z][a-z0-9_]*)\]$/.exec(line);
    if (label?.[1]) answers[label[1]] = current = [];
    else if (line.startsWith("=== ")) current = undefined;
    else current?.push(line.replace(/^ {4}/, ""));
  }
  return Object.fromEntries(Object.entries(answers).map(([id, lines]) => [id, lines.join("\n").trim()]));
}

describe("the same reports with confide decrypt, from the local inbox folder", () => {
  it.each([
    "gnupg-default",
    "gnupg-subkey",
    "gnupg-rsa",
    "kim",
  ])("--key with the exported private key: %s", async (id) => {
    const responder = responders.find((r) => r.id === id) as Responder;
    const { code, stdout, stderr } = await runConfide([
      "decrypt",
      "--key",
      responder.privateKeyFile,
      ...(responder.passphraseFile ? ["--passphrase-file", responder.passphraseFile] : []),
      (site as ReportSite).inbox,
    ]);
    expect(stderr).toContain("decrypted 1, not addressed to this key 0, damaged 0");
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`=== Report ${submission.reference} ===`);
    expect(stdout).toMatch(new RegExp(`^Sent to: +${responders.map((r) => r.name).join(", ")}$`, "m"));
    expect(printedAnswers(stdout)).toEqual({ ...ANSWERS, ongoing: ONGOING });
  });

  it.each([
    "gnupg-default",
    "gnupg-subkey",
    "gnupg-rsa",
    "kim",
  ])("--gpg with the responder's GnuPG keyring: %s", async (id) => {
    const responder = responders.find((r) => r.id === id) as Responder;
    if (responder.passphraseFile) {
      // The responder has typed the passphrase into gpg's agent (pinentry) once; the agent keeps it.
      const unlock = await gpg(responder.gnupgHome, ["--decrypt"], {
        input: submission.ciphertext,
        passphraseFile: responder.passphraseFile,
      });
      expect(unlock.stdout).toContain(submission.reference);
    }
    const { code, stdout, stderr } = await runConfide(["decrypt", "--gpg", (site as ReportSite).inbox], {
      env: { GNUPGHOME: responder.gnupgHome },
    });
    expect(stderr).toContain("decrypted 1, not addressed to this key 0, damaged 0");
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(`=== Report ${submission.reference} ===`);
    expect(printedAnswers(stdout)).toEqual({ ...ANSWERS, ongoing: ONGOING });
  });

  it("says a report was not addressed to a key the reporter did not choose", async () => {
    const outsider = await fixtureKey("gpg-ed25519");
    const keyFile = join(work, "outsider.sec.asc");
    await writeFile(keyFile, outsider.armoredPrivate ?? "", { mode: 0o600 });
    const { code, stdout, stderr } = await runConfide([
      "decrypt",
      "--key",
      keyFile,
      (site as ReportSite).inbox,
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain("decrypted 0, not addressed to this key 1, damaged 0");
    expect(stdout).not.toContain(ANSWERS.what.split("\n")[0]);
  });
});
