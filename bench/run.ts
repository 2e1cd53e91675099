// npm run bench: every row of issue 11's table, each measured in this one run against its
// comparison, with the ratio and whether it meets the target. Timings are medians of paired runs
// (the comparison run right after, so the machine's load falls on both); they are reported here and
// never asserted in tests (tests assert the deterministic budgets: bytes, counts).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { listPages } from "../src/content/load-content.ts";
import { launchChromium } from "../tests/helpers/browser.ts";
import { builtPageUrls } from "../tests/helpers/built-site.ts";
import { PROJECT_ROOT } from "../tests/helpers/content-folder.ts";
import {
  bareMarkdown,
  siteWithPages,
  siteWithResponders,
  writeGeneratedPages,
} from "../tests/helpers/generated-sites.ts";
import { INITIAL_JS_BUDGET, WHOLE_PAGE_BUDGET } from "../tests/helpers/page-budgets.ts";
import { runProcess } from "../tests/helpers/process.ts";
import { startReportSite } from "../tests/helpers/report-site.ts";
import { checkCountingYamlParses } from "../tests/helpers/yaml-parses.ts";
import {
  bundleDecryptFloor,
  confideDecrypt,
  type DecryptInputs,
  decryptFloor,
  gpgDecryptFiles,
  gpgLoop,
  prepareDecrypt,
  stopGpgAgent,
} from "./decrypt.ts";
import { type Measured, measure, median, medians, paired } from "./measure.ts";
import { encryptTimings, initialJavaScript, loadBehaviour, wholePage } from "./report-page.ts";

/** One line of the table. */
interface Row {
  what: string;
  now: string;
  /** the comparison's figure, or "" */
  against: string;
  /** now / comparison (or comparison / now for speed-ups), or "" */
  ratio: string;
  target: string;
  /** null: reported only, no target */
  pass: boolean | null;
}

const rows: Row[] = [];
const row = (r: Row) => {
  rows.push(r);
  // Printed as it goes too, so a long run shows progress and a crash keeps what was measured.
  process.stderr.write(`  measured: ${r.what}: ${r.now}\n`);
};
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (kilobytes: number) => `${(kilobytes / 1024).toFixed(0)} MB`;
const x = (ratio: number) => `${ratio.toFixed(2)}x`;

// Usage: npm run bench [-- --only SECTION]
//   --only build   only the build rows (the example, the 1,000-page and the 50-responder sites
//                  against bare Eleventy), for work on the build's speed
// CONFIDE_BENCH_QUICK=1: one run of each at small sizes, to try the bench itself (not the issue's numbers).
const QUICK = process.env.CONFIDE_BENCH_QUICK === "1";
const SECTIONS = ["build", "check", "startup", "decrypt", "page"] as const;
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
if (only !== null && (only === undefined || !(SECTIONS as readonly string[]).includes(only)))
  throw new Error(
    `--only takes one of ${SECTIONS.join(", ")}, ${only === undefined ? "after it" : `not "${only}"`}.`,
  );
/** Whether a section of the table runs: all of them unless --only names one. */
const wants = (section: (typeof SECTIONS)[number]) => only === null || only === section;
const BUILD_PAIRS = QUICK ? 1 : 3;
const BIG_PAGES = QUICK ? 50 : 1000;
const RESPONDERS = QUICK ? 5 : 50;
const STARTUP_RUNS = QUICK ? 1 : 5;
const DECRYPT_PAIRS = QUICK ? 1 : 3;
const REPORTS = QUICK ? 50 : 500;
const MANY_REPORTS = QUICK ? 100 : 5000;
const ENCRYPT_RUNS = QUICK ? 5 : 25;
if (QUICK)
  process.stderr.write(
    "CONFIDE_BENCH_QUICK=1: small sizes, single runs; these are not the issue's numbers.\n",
  );

// The command runs the code compiled into dist/: bring it up to date first (not timed).
const compiled = await runProcess(
  process.execPath,
  [join(PROJECT_ROOT, "scripts/compiled-code.js"), "--if-stale"],
  {
    cwd: PROJECT_ROOT,
  },
);
if (compiled.code !== 0) throw new Error(`compiling dist/ failed: ${compiled.stderr}`);
const work = await mkdtemp(join(tmpdir(), "confide-bench-"));
/** Removes the generated content folders at the end. */
const cleanups: Array<() => Promise<void>> = [];
// Timings mean little on a busy machine: the load is printed with the table.
const loadAtStart = loadavg()[0] ?? 0;
const eleventyCmd = join(PROJECT_ROOT, "node_modules/@11ty/eleventy/cmd.cjs");
const buildScript: string = JSON.parse(await readFile(join(PROJECT_ROOT, "package.json"), "utf8")).scripts
  .build;

/** `npm run build`'s own command (without npm's start-up, which is not Confide's), for one content folder. */
const confideBuild = (content: string, out: string) =>
  measure("sh", ["-c", buildScript], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PATH: `${join(PROJECT_ROOT, "node_modules/.bin")}:${process.env.PATH}`,
      CONFIDE_CONTENT: content,
      CONFIDE_OUT: out,
    },
  });
/** Eleventy 3.1.7 with no configuration, on a folder of markdown. */
const bareBuild = (input: string, out: string) =>
  measure(process.execPath, [eleventyCmd, `--input=${input}`, `--output=${out}`, "--quiet"], { cwd: work });

/**
 * Builds a content folder with Confide and its markdown with bare Eleventy, in pairs, and compares them.
 * Bare Eleventy gets as many pages as Confide builds (the folder's markdown, then pages of ordinary
 * markdown for the pages Confide makes from data: responder pages, translations' fallbacks), so the
 * time per page compares like with like. A Confide build that fails is reported as such.
 */
async function compareBuild(name: string, content: string, pairs: number) {
  const out = join(work, `${name}-out`);
  const bareInput = join(work, `${name}-bare-md`);
  const bareOut = join(work, `${name}-bare-out`);
  let bareReady = false;
  const prepareBare = async () => {
    if (bareReady) return;
    bareReady = true;
    const markdown = await bareMarkdown({ from: content, to: bareInput });
    const built = await countPages(out);
    if (built > markdown)
      await writeGeneratedPages({ dir: join(bareInput, "more-pages"), count: built - markdown });
  };
  const runs = await paired(
    pairs,
    () => confideBuild(content, out),
    async () => {
      await prepareBare();
      return bareBuild(bareInput, bareOut);
    },
  );
  const failed = runs.a.find((r) => r.code !== 0);
  if (runs.b.some((r) => r.code !== 0))
    throw new Error(`bare Eleventy failed on ${name}: ${runs.b[0]?.stderr}`);
  const barePages = await countPages(bareOut);
  const pages = failed ? 0 : await countPages(out);
  return { failed, runs, pages, barePages, confide: medians(runs.a), bare: medians(runs.b) };
}

/** How many HTML pages a built site has (0 when there is no build). */
const countPages = async (out: string) => (await builtPageUrls(out)).length;

let thousandDir: string | undefined;
/** The 1,000-page site (the example with its translations, as every run of its rows has measured it). */
const thousandPages = async () => {
  if (thousandDir === undefined) {
    const site = await siteWithPages({ pages: BIG_PAGES, translations: true });
    cleanups.push(site.cleanup);
    thousandDir = site.dir;
  }
  return thousandDir;
};

/** The median wall time of STARTUP_RUNS runs of node with these arguments. */
const times = async (args: string[]) => {
  const runs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++)
    runs.push((await measure(process.execPath, args, { cwd: PROJECT_ROOT })).wallMs);
  return median(runs);
};

const firstLine = (run: Measured) =>
  (
    run.stderr.split("\n").find((line) => /error|refuse|problem/i.test(line)) ??
    run.stderr.split("\n")[0] ??
    ""
  ).slice(0, 100);

try {
  if (wants("build")) {
    // 1. The example build against bare Eleventy on the same markdown (and as many pages).
    process.stderr.write("building the example…\n");
    const example = await compareBuild("example", join(PROJECT_ROOT, "content"), BUILD_PAIRS);
    if (example.failed) throw new Error(`the example does not build: ${example.failed.stderr}`);
    const measures = [
      { name: "wall (median of paired runs)", key: "wallMs", show: s, target: 1.5 },
      { name: "CPU", key: "cpuMs", show: s, target: 1.5 },
      { name: "peak memory", key: "maxRssKb", show: mb, target: null },
    ] as const;
    for (const { name, key, show, target } of measures) {
      const ratio = example.confide[key] / example.bare[key];
      row({
        what: `example build, ${name}`,
        now: show(example.confide[key]),
        against: `bare Eleventy ${show(example.bare[key])}`,
        ratio: x(ratio),
        target: target === null ? "(reported)" : `≤ ${target}x`,
        pass: target === null ? null : ratio <= target,
      });
    }

    // 2. The 1,000-page site and the 50-responder site, per page against bare Eleventy.
    process.stderr.write("generating and building the 1,000-page and 50-responder sites…\n");
    const fiftySite = await siteWithResponders({ responders: RESPONDERS });
    cleanups.push(fiftySite.cleanup);
    const thousand = await thousandPages();
    const fifty = fiftySite.dir;
    for (const [name, content, label] of [
      ["thousand", thousand, `${BIG_PAGES} content pages`],
      ["fifty", fifty, `a roster of ${RESPONDERS} responders`],
    ] as const) {
      const built = await compareBuild(name, content, BUILD_PAIRS);
      const barePerPage = built.bare.wallMs / built.barePages;
      if (built.failed) {
        row({
          what: `${label}: build`,
          now: `fails to build: ${firstLine(built.failed)}`,
          against: `bare Eleventy ${(barePerPage).toFixed(1)} ms/page`,
          ratio: "",
          target: "builds, ≤ 2x per page",
          pass: false,
        });
        continue;
      }
      const perPage = built.confide.wallMs / built.pages;
      row({
        what: `${label}: build, wall per page (${built.pages} pages; bare: ${built.barePages})`,
        now: `${perPage.toFixed(1)} ms/page (${s(built.confide.wallMs)}, ${mb(built.confide.maxRssKb)} peak)`,
        against: `bare Eleventy ${barePerPage.toFixed(1)} ms/page (${s(built.bare.wallMs)})`,
        ratio: x(perPage / barePerPage),
        target: "builds, ≤ 2x per page",
        pass: perPage / barePerPage <= 2,
      });
      // CPU too: on a shared machine the wall time carries the other users' load, the CPU time less so.
      const cpuPerPage = built.confide.cpuMs / built.pages;
      const bareCpuPerPage = built.bare.cpuMs / built.barePages;
      row({
        what: `${label}: build, CPU per page`,
        now: `${cpuPerPage.toFixed(1)} ms/page (${s(built.confide.cpuMs)})`,
        against: `bare Eleventy ${bareCpuPerPage.toFixed(1)} ms/page (${s(built.bare.cpuMs)})`,
        ratio: x(cpuPerPage / bareCpuPerPage),
        target: "≤ 2x per page",
        pass: cpuPerPage / bareCpuPerPage <= 2,
      });
    }
  }

  if (wants("check")) {
    // 3. `confide check` on the 1,000-page site: every YAML parse in the process, by any library and
    // for whoever asked (V8's precise coverage, tests/helpers/yaml-parses.ts), against a check of the
    // same site without the added pages: the difference is what the pages' front matter costs.
    const baseSite = await siteWithPages({ pages: 0, translations: true });
    cleanups.push(baseSite.cleanup);
    const thousand = await thousandPages();
    const check = await checkCountingYamlParses({ contentDir: thousand });
    const base = await checkCountingYamlParses({ contentDir: baseSite.dir });
    const sources = (await listPages(thousand)).length;
    const added = sources - (await listPages(baseSite.dir)).length;
    const perSource = (check.parses.total - base.parses.total) / added;
    row({
      what: `confide check on ${BIG_PAGES} pages: YAML parses per page source`,
      now: `${perSource.toFixed(2)} (${check.parses.total} YAML parses, ${base.parses.total} without the ${added} pages; of ${sources} sources' front matter, Confide's reader parsed ${check.parses.frontMatter}, Eleventy's gray-matter ${check.parses.jsYaml}; ${s(check.wallMs)}, exit ${check.code})`,
      against: "",
      ratio: "",
      target: "1 (each source parsed once)",
      pass:
        check.code === 0 &&
        perSource === 1 &&
        check.parses.frontMatter === sources &&
        check.parses.jsYaml === 0,
    });
  }

  if (wants("startup")) {
    // 4. Start-up: `confide --help` and `confide decrypt --help` against `node -e 0`.
    process.stderr.write("timing start-up…\n");
    const bin = join(PROJECT_ROOT, "bin/confide.js");
    const bare = await times(["-e", "0"]);
    for (const args of [["--help"], ["decrypt", "--help"]]) {
      const t = await times([bin, ...args]);
      row({
        what: `confide ${args.join(" ")} (node bin/confide.js)`,
        now: s(t),
        against: `node -e 0 ${s(bare)}`,
        ratio: x(t / bare),
        target: "≤ 0.3 s",
        pass: t <= 300,
      });
    }
  }

  if (wants("decrypt")) {
    // 5. Decrypting 500 reports from the inbox folder; then what no Node program here can beat; then 5,000.
    process.stderr.write(`preparing ${REPORTS} reports…\n`);
    const inputs = await prepareDecrypt(join(work, "decrypt"), REPORTS);
    /** confide decrypt and gpg --decrypt-files in pairs: a row of their medians, and the medians. */
    const againstGpg = async (on: DecryptInputs, target: number | null) => {
      const runs = await paired(
        DECRYPT_PAIRS,
        () => confideDecrypt(on),
        () => gpgDecryptFiles(on),
      );
      const confide = medians(runs.a);
      const gpg = medians(runs.b);
      row({
        what: `decrypt ${on.count} reports from the inbox folder, whole command`,
        now: `${s(confide.wallMs)} (CPU ${s(confide.cpuMs)}, ${mb(confide.maxRssKb)} peak)`,
        against: `gpg --decrypt-files ${s(gpg.wallMs)}`,
        ratio: `${x(gpg.wallMs / confide.wallMs)} faster`,
        target: target === null ? "(reported)" : `≥ ${target}x faster`,
        pass: target === null ? null : gpg.wallMs / confide.wallMs >= target,
      });
      return { confide, gpg };
    };
    try {
      const { confide, gpg } = await againstGpg(inputs, 3);
      const floorProgram = await bundleDecryptFloor(work);
      const floorRuns: Measured[] = [];
      for (let i = 0; i < DECRYPT_PAIRS; i++) floorRuns.push(await decryptFloor(inputs, floorProgram));
      const floor = medians(floorRuns);
      row({
        what: `decrypt ${REPORTS}: the fast path alone, no finding, checking or rendering (bench/decrypt-floor.ts)`,
        now: s(floor.wallMs),
        against: `gpg --decrypt-files ${s(gpg.wallMs)}; node -e 0 ${s(await times(["-e", "0"]))}`,
        ratio: `${x(gpg.wallMs / floor.wallMs)} faster`,
        target: "(the least possible)",
        pass: null,
      });
      const loop = await gpgLoop(inputs);
      row({
        what: `decrypt ${REPORTS}: against a shell loop of gpg --decrypt`,
        now: s(confide.wallMs),
        against: `gpg loop ${s(loop.wallMs)}`,
        ratio: `${x(loop.wallMs / confide.wallMs)} faster`,
        target: "(reported)",
        pass: null,
      });
    } finally {
      await stopGpgAgent(inputs);
    }
    process.stderr.write(`preparing ${MANY_REPORTS} reports…\n`);
    const many = await prepareDecrypt(join(work, "decrypt-many"), MANY_REPORTS);
    try {
      // Reported, not a target: how the ratio grows once Node's start-up is a small part of the time.
      await againstGpg(many, null);
    } finally {
      await stopGpgAgent(many);
    }
  }

  if (wants("page")) {
    // 6. The report page, served by the local server (compressing as hosts do), in Chromium.
    process.stderr.write("measuring the report page in Chromium…\n");
    const site = await startReportSite();
    const browser = await launchChromium();
    try {
      const initial = await initialJavaScript(site.out);
      row({
        what: "report page: JavaScript before interaction (gzip -9)",
        now: kb(initial),
        against: "",
        ratio: "",
        target: `≤ ${INITIAL_JS_BUDGET / 1024} KB`,
        pass: initial <= INITIAL_JS_BUDGET,
      });
      const behaviour = await loadBehaviour(browser, `${site.url}/report/`);
      row({
        what: "report page: OpenPGP requests before / after the first focus",
        now: `${behaviour.cryptoBeforeFocus} / ${behaviour.cryptoAfterFocus}`,
        against: "",
        ratio: "",
        target: "0 / 1",
        pass: behaviour.cryptoBeforeFocus === 0 && behaviour.cryptoAfterFocus === 1,
      });
      row({
        what: "report page: blocking time of the load at 4x CPU slowdown (long tasks beyond 50 ms; not Lighthouse)",
        now: `${behaviour.blockingMs.toFixed(0)} ms (${behaviour.longTasks} long tasks)`,
        against: "",
        ratio: "",
        target: "0 ms",
        pass: behaviour.blockingMs === 0,
      });
      const whole = await wholePage(browser, `${site.url}/report/`);
      row({
        what: `report page with everything sending loads (${whole.responses} responses, every body read)`,
        now: `${kb(whole.gzipBytes)} gzip -9`,
        against: `${kb(whole.transferredBytes)} as npm start's server sent it`,
        ratio: "",
        target: `< ${WHOLE_PAGE_BUDGET / 1024} KB`,
        pass: whole.gzipBytes < WHOLE_PAGE_BUDGET,
      });
      const encrypt = await encryptTimings(browser, site, ENCRYPT_RUNS);
      row({
        what: `encrypt a 5 KB report to 5 keys, Chromium, warm (median of ${ENCRYPT_RUNS})`,
        now: `${encrypt.toFixed(1)} ms`,
        against: "",
        ratio: "",
        target: "≤ 10 ms",
        pass: encrypt <= 10,
      });
    } finally {
      await browser.close();
      await site.stop();
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
  for (const cleanup of cleanups) await cleanup();
  const headings: Row = {
    what: "measure",
    now: "now",
    against: "comparison",
    ratio: "ratio",
    target: "target",
    pass: null,
  };
  const all = [headings, ...rows];
  const width = (key: "what" | "now" | "against" | "ratio" | "target") =>
    Math.max(...all.map((r) => r[key].length));
  const widths = {
    what: width("what"),
    now: width("now"),
    against: width("against"),
    ratio: width("ratio"),
    target: width("target"),
  };
  console.log(
    `machine: ${availableParallelism()} cores; load average ${loadAtStart.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end${QUICK ? "; CONFIDE_BENCH_QUICK=1 (small sizes)" : ""}`,
  );
  for (const r of all) {
    const verdict = r === headings ? "" : r.pass === null ? "" : r.pass ? "pass" : "FAIL";
    console.log(
      [
        r.what.padEnd(widths.what),
        r.now.padEnd(widths.now),
        r.against.padEnd(widths.against),
        r.ratio.padEnd(widths.ratio),
        r.target.padEnd(widths.target),
        verdict,
      ].join("  "),
    );
  }
}
