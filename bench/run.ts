// npm run bench: the timings and sizes the issues set targets for, measured on this machine.
// Timings are medians of repeated runs; they are reported, never asserted (tests assert sizes only).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import { reportSchema } from "../src/report/report-fields.ts";
import { launchChromium } from "../tests/helpers/browser.ts";
import { EXAMPLE_CONTENT, fixtureKey } from "../tests/helpers/content-folder.ts";
import { startReportSite } from "../tests/helpers/report-site.ts";

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

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${"measure".padEnd(width)}  result      target`);
for (const [name, result, target] of rows)
  console.log(`${name.padEnd(width)}  ${result.padEnd(10)}  ${target}`);
