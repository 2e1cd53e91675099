// npm run bench: the timings and sizes the issues set targets for, measured on this machine.
// Timings are medians of repeated runs; they are reported, never asserted (tests assert sizes only).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import { encryptReport } from "../src/report/encrypt-report.ts";
import { padReport } from "../src/report/pad-report.ts";
import { reportSchema } from "../src/report/report-fields.ts";
import { composeReport, REPORT_FORMAT_VERSION } from "../src/report/report-format.ts";
import { newReportReference } from "../src/report/report-reference.ts";
import { decryptMessages, keyDecryptor, readResponderKey } from "../src/responder/decrypt-messages.ts";
import { findMessages } from "../src/responder/find-messages.ts";
import { launchChromium } from "../tests/helpers/browser.ts";
import { EXAMPLE_CONTENT, fixtureKey } from "../tests/helpers/content-folder.ts";
import { runProcess } from "../tests/helpers/process.ts";
import { demoPrivateKey, startReportSite } from "../tests/helpers/report-site.ts";
import { runConfide } from "../tests/helpers/run-cli.ts";

const RUNS = 25;
const gzipped = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const rows: Array<[string, string, string]> = [];
const site = await startReportSite();
const browser = await launchChromium();
try {
  // Sizes of the report page (the same measure as tests/e2e/report-page-budget.test.ts).
  const html = await readFile(join(site.out, "report/index.html"), "utf8");
  const initialUrls = [...html.matchAll(/(?:src|href)="(\/assets\/js\/[^"]+\.js)"/g)].map((m) => m[1] ?? "");
  let initial = 0;
  for (const url of new Set(initialUrls)) initial += gzipped(await readFile(join(site.out, url)));
  rows.push(["report page: JavaScript before interaction (gzip)", kb(initial), "≤ 40 KB"]);
  const quickExit =
    (await readdir(join(site.out, "assets/js"))).find((f) => f.startsWith("quick-exit-")) ?? "";
  rows.push([
    "content pages: quick-exit script (raw)",
    `${(await readFile(join(site.out, "assets/js", quickExit))).length} B`,
    "< 1 KB",
  ]);

  // Encrypting a 5 KB report to 5 recipients in headless Chromium, with the site's own bundle.
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
  answers.what = "Lorem-free filler: the reporter describes what happened in detail. "
    .repeat(75)
    .slice(0, 5000);
  const page = await (await browser.newContext()).newPage();
  const loaded: Record<string, number> = {};
  page.on("response", async (r) => {
    if (r.request().method() === "GET")
      loaded[r.url()] = gzipped(await r.body().catch(() => Buffer.alloc(0)));
  });
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
        recipients,
      };
      await sealReport(options); // warm-up: loads the lazy curve chunks, compiles
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await sealReport(options);
        times.push(performance.now() - start);
      }
      return times;
    },
    { url: `/assets/js/chunks/${chunk}`, fields, answers, recipients, runs: RUNS },
  );
  rows.push([
    "encrypt a 5 KB report to 5 recipients, Chromium (median)",
    `${median(timings).toFixed(1)} ms`,
    "< 100 ms",
  ]);
  await page.waitForLoadState("networkidle");
  rows.push([
    "report page with everything sending loads (gzip)",
    kb(Object.values(loaded).reduce((a, b) => a + b, 0)),
    "< 130 KB",
  ]);
} finally {
  await browser.close();
  await site.stop();
}

// Decrypting 500 reports from one CSV export: `confide decrypt --key` (the whole command, Node start
// included) against a shell loop of `gpg --decrypt` over the same messages, with the same key.
const REPORTS = 500;
const work = await mkdtemp(join(tmpdir(), "confide-bench-"));
const gnupgHome = join(work, "gnupg");
try {
  const fields = reportSchema.parse(
    parse(await readFile(join(EXAMPLE_CONTENT, "_data/report.yaml"), "utf8")),
  ).fields;
  const adaPublic = await readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8");
  const adaPrivate = join(work, "ada.sec.asc");
  await writeFile(adaPrivate, await demoPrivateKey("ada"), { mode: 0o600 });
  await mkdir(join(work, "msgs"));
  const csv = ["_date,reference,version,ciphertext"];
  for (let i = 0; i < REPORTS; i++) {
    const reference = newReportReference();
    const submittedAt = new Date(Date.UTC(2027, 5, 4, 9, 0, i));
    const answers = Object.fromEntries(
      fields.map((f) => [f.id, f.type === "choice" ? (f.options?.[0] ?? "") : `Answer ${i} to ${f.id}.`]),
    );
    const plaintext = padReport(
      composeReport({
        fields,
        answers,
        event: "Bench",
        reference,
        submittedAt,
        language: "en",
        recipients: ["Adaeze Okafor"],
      }),
    );
    const ciphertext = await encryptReport({ plaintext, recipientKeys: [adaPublic] });
    await writeFile(join(work, "msgs", `${String(i).padStart(3, "0")}.asc`), ciphertext);
    // RFC 4180: CRLF between records, a cell with a quote, comma or line break is quoted, "" inside.
    const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
    csv.push([submittedAt.toISOString(), reference, REPORT_FORMAT_VERSION, ciphertext].map(cell).join(","));
  }
  await writeFile(join(work, "export.csv"), `${csv.join("\r\n")}\r\n`);

  await mkdir(gnupgHome, { mode: 0o700 });
  const gpgEnv = { ...process.env, GNUPGHOME: gnupgHome };
  const imported = await runProcess("gpg", ["--batch", "--import", adaPrivate], { env: gpgEnv });
  if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
  // Warm-up: starts gpg's agent, as a responder's would already be running.
  await runProcess("gpg", ["--batch", "--decrypt", join(work, "msgs/000.asc")], { env: gpgEnv });

  let start = performance.now();
  const confide = await runConfide(["decrypt", "--key", adaPrivate, join(work, "export.csv")]);
  const confideSeconds = (performance.now() - start) / 1000;
  if (
    confide.code !== 0 ||
    !confide.stderr.includes(`decrypted ${REPORTS}, not addressed to this key 0, damaged 0`)
  )
    throw new Error(`confide decrypt did not decrypt all ${REPORTS} reports: ${confide.stderr}`);

  start = performance.now();
  const loop = await runProcess(
    "bash",
    [
      "-c",
      'n=0; for f in msgs/*.asc; do gpg --batch --decrypt "$f" > /dev/null 2>&1 && n=$((n+1)); done; echo "$n"',
    ],
    { cwd: work, env: gpgEnv },
  );
  const gpgSeconds = (performance.now() - start) / 1000;
  if (loop.stdout.trim() !== String(REPORTS))
    throw new Error(`the gpg loop decrypted ${loop.stdout.trim()} of ${REPORTS} reports: ${loop.stderr}`);

  // Where confide's time goes: starting the command (Node, tsx, the CLI's imports), and the work itself.
  const startups: number[] = [];
  for (let i = 0; i < 3; i++) {
    start = performance.now();
    await runConfide(["decrypt", "--help"]);
    startups.push(performance.now() - start);
  }
  const csvText = await readFile(join(work, "export.csv"), "utf8");
  const key = await readResponderKey({ key: await readFile(adaPrivate) });
  if (key.kind !== "private") throw new Error("the demo key ada is not a private key");
  const inProcess: number[] = [];
  for (let i = 0; i < 3; i++) {
    start = performance.now();
    const { messages } = findMessages({ text: csvText, source: "export.csv" });
    const result = await decryptMessages({ messages, decrypt: keyDecryptor({ keys: key.keys }) });
    inProcess.push(performance.now() - start);
    if (result.kind !== "done" || result.outcomes.some((o) => o.kind !== "decrypted"))
      throw new Error("the in-process decryption did not decrypt every report");
  }

  rows.push([
    `decrypt ${REPORTS} reports from a CSV export: confide decrypt --key`,
    `${confideSeconds.toFixed(2)} s`,
    "≥ 5x faster than gpg",
  ]);
  rows.push([
    `decrypt the same ${REPORTS}: shell loop of gpg --decrypt`,
    `${gpgSeconds.toFixed(2)} s`,
    "(reference)",
  ]);
  rows.push([
    "confide decrypt speed-up over the gpg loop",
    `${(gpgSeconds / confideSeconds).toFixed(1)}x`,
    "≥ 5x",
  ]);
  rows.push([
    "  of which: confide's start-up (decrypt --help, median)",
    `${(median(startups) / 1000).toFixed(2)} s`,
    "",
  ]);
  rows.push([
    `  the decryption alone, in process (median of 3)`,
    `${(median(inProcess) / 1000).toFixed(2)} s`,
    `${(gpgSeconds / (median(inProcess) / 1000)).toFixed(1)}x the gpg loop`,
  ]);
} finally {
  await runProcess("gpgconf", ["--homedir", gnupgHome, "--kill", "all"]).catch(() => null);
  await rm(work, { recursive: true, force: true });
}

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${"measure".padEnd(width)}  result      target`);
for (const [name, result, target] of rows)
  console.log(`${name.padEnd(width)}  ${result.padEnd(10)}  ${target}`);
