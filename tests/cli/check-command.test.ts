import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { checkCommand } from "../../src/cli/check-command.ts";
import { groupFingerprint } from "../../src/roster/fingerprint.ts";
import {
  contentFolder,
  EXAMPLE_CONTENT,
  fixtureKey,
  lineOf,
  PROJECT_ROOT,
  roster,
  rosterEntry,
} from "../helpers/content-folder.ts";
import { moduleLog } from "../helpers/loaded-modules.ts";
import { runConfide } from "../helpers/run-cli.ts";

// Each check renders every page of the example in three languages (issue 12): seconds each, more on
// a busy machine, and some tests run several.
describe("confide check", { timeout: 180_000 }, () => {
  it("exits 0 on the example content and says it is a demo site", async () => {
    const { code, stdout } = await runConfide(["check"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^content: ready to publish \(4 responders, 3 receive reports\)\. This is a demo site/m,
    );
  });

  it("prints every problem as file:line:col with a fix, and exits 1", async () => {
    const expired = await fixtureKey("gpg-expired");
    const text = roster(
      rosterEntry({
        id: "sam",
        email: "gpg-expired@fixtures.example",
        key: "keys/sam.asc",
        fingerprint: groupFingerprint(expired.fingerprint),
      }),
      rosterEntry({
        id: "kim",
        email: "kim@fixtures.example",
        key: "keys/kim.asc",
        fingerprint: "0000 0000 0000 0000 0000  0000 0000 0000 0000 0000",
      }),
    );
    const { dir, cleanup } = await contentFolder(
      { "_data/roster.yaml": text, "keys/sam.asc": expired.armored },
      { translations: false },
    );
    try {
      const { code, stdout } = await runConfide(["check", "--content", dir]);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `${dir}/_data/roster.yaml:${lineOf(text, "key: keys/sam.asc")}:10: error: keys/sam.asc expired on 2021-01-01. Fix: Ask the responder to extend it`,
      );
      expect(stdout).toContain(
        `${dir}/_data/roster.yaml:${lineOf(text, "key: keys/kim.asc")}:10: error: The key file keys/kim.asc does not exist. Fix: Save Responder kim's public key as keys/kim.asc`,
      );
      // issue 16: neither responder has a personal inbox, so nobody could be left out of a report.
      expect(stdout).toMatch(
        /roster\.yaml:\d+:\d+: warning: No responder who receives reports has a personal inbox/,
      );
      expect(stdout).toMatch(
        /: 2 errors, 1 warning\. Fix the errors above; nothing can be published until then\.$/m,
      );
    } finally {
      await cleanup();
    }
  });

  // Two tests, one `confide check` each (issue 13: each run renders every page; under load, two in one
  // test came close to the timeout).
  it("warns about keys expiring within the window given on the command line", async () => {
    const { code, stdout } = await runConfide(["check", "--expiring-within", "3650d"]);
    expect(code).toBe(0);
    expect(stdout.match(/warning: keys\/\w+\.asc expires on 2036-11-01/g)).toHaveLength(3);
  });

  it("fails with --strict on the keys expiring within the window", async () => {
    const strict = await runConfide(["check", "--expiring-within", "3650d", "--strict"]);
    expect(strict.stdout.match(/warning: keys\/\w+\.asc expires on 2036-11-01/g)).toHaveLength(3);
    expect(strict.code).toBe(1);
  });

  it("issue 11: refuses a site whose _headers Cloudflare Pages would not read, as the build does", async () => {
    // A rule for everything, one for the keys, one per report page: with the example's own report
    // page, 98 more make 99 report pages and 101 rules.
    const forms = Object.fromEntries(
      Array.from({ length: 98 }, (_, i) => [
        `forms/form-${i}.md`,
        `---\ntitle: Form ${i}\n---\n\n{% report_form %}\n`,
      ]),
    );
    const { dir, cleanup } = await contentFolder(forms, { translations: false });
    try {
      const { code, stdout } = await runConfide(["check", "--content", dir]);
      expect(code).toBe(1);
      expect(stdout).toContain(
        `${dir}: error: The site has 99 pages with a report form, and its _headers file would need 101 rules: Cloudflare Pages reads at most 100. Keep one report page per language.`,
      );
      expect(stdout).toMatch(
        /: 1 error, 0 warnings\. Fix the errors above; nothing can be published until then\.$/m,
      );
    } finally {
      await cleanup();
    }
  });

  it("honours CONFIDE_CONTENT", async () => {
    const { code, stdout } = await runConfide(["check"], { env: { CONFIDE_CONTENT: "/nonexistent/folder" } });
    expect(code).toBe(1);
    expect(stdout).toContain("/nonexistent/folder/_data/site.yaml:1:1: error: _data/site.yaml is missing.");
  });

  it("is what the sample scheduled workflow in docs/ runs, and passes on the example", async () => {
    const workflow = parse(await readFile(join(PROJECT_ROOT, "docs/key-expiry-check.yml"), "utf8")) as {
      on: { schedule: Array<{ cron: string }> };
      jobs: { check: { steps: Array<{ run?: string }> } };
    };
    expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const runs = workflow.jobs.check.steps.map((step) => step.run ?? "");
    expect(runs).toContain("npx confide check --expiring-within 30d --strict");
    expect(runs.some((run) => run.startsWith("npx confide verify "))).toBe(true);
    const { code } = await runConfide(["check", "--expiring-within", "30d", "--strict"]);
    expect(code).toBe(0);
    expect(await readFile(join(PROJECT_ROOT, "README.md"), "utf8")).toContain("docs/key-expiry-check.yml");
  });

  it("explains a bad option and exits 2", async () => {
    const { code, stderr } = await runConfide(["check", "--expiring-within", "soon"]);
    expect(code).toBe(2);
    expect(stderr).toContain('"soon" is not a duration');
    expect((await runConfide(["frobnicate"])).code).toBe(2);
  });

  it("loads no Eleventy for a mistyped command line, or for content whose data has errors", async () => {
    const log = await moduleLog();
    const { dir, cleanup } = await contentFolder(
      { "_data/site.yaml": "event: [\n" },
      { translations: false },
    );
    try {
      const eleventy = (loaded: string[]) => loaded.filter((url) => /node_modules\/@11ty\//.test(url));
      for (const args of [
        ["check", "--bogus"],
        ["build", "--bogus"],
      ]) {
        const run = await log.run(args);
        expect(run.code, args.join(" ")).toBe(2);
        expect(eleventy(run.loaded), args.join(" ")).toEqual([]);
      }
      const broken = await log.run(["check", "--content", dir]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/site\.yaml:\d+:\d+: error: /);
      expect(eleventy(broken.loaded)).toEqual([]);
    } finally {
      await cleanup();
      await log.remove();
    }
  });

  it("issue 13: refuses a folder named without --content, rather than check ./content and say it is ready", async () => {
    const { code, stdout, stderr } = await runConfide(["check", "mysite"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unexpected argument "mysite". A content folder is given as --content mysite.');
    expect(stdout).not.toContain("ready to publish");
  });
});

describe("confide", () => {
  it("lists every command with a synopsis that matches its own usage", async () => {
    const { code, stdout } = await runConfide([]);
    expect(code).toBe(0);
    for (const name of ["check", "decrypt", "inbox", "keygen", "serve", "verify"]) {
      const synopsis = stdout
        .split("\n")
        .find((line) => line.trim().startsWith(`confide ${name} `))
        ?.trim();
      const help = await runConfide([name, "--help"]);
      expect(help.stdout.split("\n")[0]?.trim()).toBe(synopsis);
    }
  });

  it("issue 14: checks keys at SOURCE_DATE_EPOCH, the instant the build will check them at", async () => {
    vi.stubEnv("SOURCE_DATE_EPOCH", "1600000000");
    const lines: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    let code: number;
    try {
      code = await checkCommand(["--content", EXAMPLE_CONTENT]);
    } finally {
      log.mockRestore();
    }
    expect(code).toBe(1);
    const rosterText = await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8");
    expect(lines.join("\n")).toContain(
      `${EXAMPLE_CONTENT}/_data/roster.yaml:${lineOf(rosterText, "key: keys/ada.asc")}:10: error: keys/ada.asc was made on 2026-11-01, after the moment it is checked for (2020-09-13), so it is not valid yet.`,
    );
  });
});
