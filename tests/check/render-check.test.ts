import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { checkCommand } from "../../src/cli/check-command.ts";
import { buildInto, listFiles, readOut } from "../helpers/built-site.ts";
import { contentFolder, EXAMPLE_CONTENT, lineOf } from "../helpers/content-folder.ts";
import { pageProblems } from "../helpers/page-quality.ts";
import { runConfide } from "../helpers/run-cli.ts";

// Issue 12: `confide check` passing means the site is complete. Each broken folder below is one
// mistake an organiser made (the first ones are those the issue lists); check must exit 1 and name
// the file and line. Each passing folder must then build, with pages that have one <h1>, no empty list
// and no sentence ending in nothing.

const read = (file: string) => readFileSync(join(EXAMPLE_CONTENT, file), "utf8");

/** `confide check --content DIR …` in this process, its output collected. */
async function confideCheck(dir: string, args: string[] = []): Promise<{ code: number; stdout: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const code = await checkCommand(["--content", dir, ...args]);
    return { code, stdout: lines.join("\n") };
  } finally {
    log.mockRestore();
  }
}

/** The example's roster with nobody reachable directly: the Helsinki procedure's shape. */
const noDirectContact = read("_data/roster.yaml").replace(/\n {4}(email|phone): .*/g, "");

interface BrokenFolder {
  /** What the organiser did. */
  mistake: string;
  files: Record<string, string | null>;
  /** Each diagnostic expected: file, the line (by a needle in the file's new text) and a message pattern. */
  expected: Array<{ file: string; needle: string | 1; col?: number; message: RegExp }>;
}

const reporting = read("reporting.md");
const index = read("index.md");
const report = read("report.md");
const site = read("_data/site.yaml");
/** The first section heading of the reporting page, which one mistake turns into a second main heading. */
const firstSection =
  reporting
    .split("\n")
    .find((line) => line.startsWith("## "))
    ?.slice(3) ?? "";

const BROKEN: BrokenFolder[] = [
  {
    mistake: "left {{ site.follow_up } unclosed",
    files: { "reporting.md": reporting.replace("{{ site.follow_up }}", "{{ site.follow_up }") },
    expected: [{ file: "reporting.md", needle: "{{ site.follow_up }", message: /never closed/ }],
  },
  {
    mistake: "left {% alias_readers unclosed (Liquid blamed {% report_recipients %} further down)",
    files: { "reporting.md": reporting.replace("{% alias_readers %}", "{% alias_readers") },
    expected: [{ file: "reporting.md", needle: "{% alias_readers", col: 1, message: /never closed/ }],
  },
  {
    mistake: "wrote {{ follow_up }} without site.",
    files: { "reporting.md": reporting.replace("{{ site.follow_up }}", "{{ follow_up }}") },
    expected: [
      {
        file: "reporting.md",
        needle: "{{ follow_up }}",
        message: /^\{\{ follow_up \}\} is not something a page can print\./,
      },
    ],
  },
  {
    mistake: "misspelt title: as titel:",
    files: { "reporting.md": reporting.replace("title: How", "titel: How") },
    expected: [
      { file: "reporting.md", needle: "titel:", col: 1, message: /^Unknown field "titel"\./ },
      { file: "reporting.md", needle: "titel:", message: /^Missing field "title"\./ },
    ],
  },
  {
    mistake: "deleted {% report_form %} from report.md",
    files: { "report.md": report.replace("{% report_form %}\n", "") },
    expected: [{ file: "report.md", needle: 1, message: /has no \{% report_form %\}/ }],
  },
  {
    mistake: "gave no responder an email or phone (the Helsinki procedure): no conflict-of-interest contact",
    files: { "_data/roster.yaml": noDirectContact },
    expected: [
      {
        file: "report.md",
        needle: "{% direct_contacts %}",
        col: 1,
        message: /\{% direct_contacts %\} would print an empty list/,
      },
      {
        file: "reporting.md",
        needle: "{% direct_contacts %}",
        col: 1,
        message: /\{% direct_contacts %\} would print an empty list/,
      },
    ],
  },
  {
    mistake: "marked no one as reading the shared address",
    files: {
      "_data/roster.yaml": read("_data/roster.yaml").replaceAll(
        "monitors_alias: true",
        "monitors_alias: false",
      ),
    },
    expected: [
      {
        file: "reporting.md",
        needle: "{% alias_readers %}",
        col: 1,
        message: /no responder reads the shared address/,
      },
    ],
  },
  {
    mistake: "left out on_site.phone but kept {% on_site_phone %} outside an {% if %}",
    files: {
      "_data/site.yaml": site.replace(/ {2}phone:\n(?: {4}.*\n)+/, ""),
      "index.md": index
        .replace("{% if site.on_site.phone %}\n", "")
        .replace("{% on_site_phone %}\n{% endif %}", "{% on_site_phone %}"),
    },
    expected: [
      { file: "index.md", needle: "{% on_site_phone %}", col: 1, message: /has no `on_site\.phone`/ },
    ],
  },
  {
    mistake: "left out event.dates but printed it outside an {% if %}",
    files: {
      "_data/site.yaml": site.replace(/ {2}dates: .*\n/, ""),
      "index.md": index.replace(
        "{% if site.event.dates %}- **When:** {{ site.event.dates }}{% endif %}",
        "**When:** {{ site.event.dates }}",
      ),
    },
    expected: [
      { file: "index.md", needle: "**When:**", col: 14, message: /site\.yaml does not set event\.dates/ },
    ],
  },
  {
    mistake: "listed no emergency number",
    files: { "_data/site.yaml": site.replace(/^emergency:\n(?: {2}.*\n)+/m, "emergency: []\n") },
    expected: [{ file: "_data/site.yaml", needle: "emergency: []", message: /is an empty list/ }],
  },
  {
    mistake: "misspelt a setting",
    files: { "reporting.md": reporting.replace("{{ site.follow_up }}", "{{ site.folow_up }}") },
    expected: [
      { file: "reporting.md", needle: "{{ site.folow_up }}", message: /names a setting that does not exist/ },
    ],
  },
  {
    mistake: "gave a page a second main heading",
    files: { "reporting.md": reporting.replace(/^## /m, "# ") },
    expected: [{ file: "reporting.md", needle: `# ${firstSection}`, col: 1, message: /second main heading/ }],
  },
  {
    mistake: "listed an independent contact with no way to reach them",
    files: {
      "_data/site.yaml": `${site}\nindependent_contacts:\n  - name: The board\n    role: Not on the team\n`,
    },
    expected: [
      { file: "_data/site.yaml", needle: "  - name: The board", message: /needs an email, a phone or a url/ },
    ],
  },
];

describe("confide check on broken content folders (issue 12)", { timeout: 120_000 }, () => {
  for (const broken of BROKEN) {
    it(`exits 1 and names the file and line when the organiser ${broken.mistake}`, async () => {
      // Each edit must change the example: a mistake its text no longer allows would prove nothing.
      for (const [file, text] of Object.entries(broken.files)) expect(text, file).not.toBe(read(file));
      const { dir, cleanup } = await contentFolder(broken.files, { translations: false });
      try {
        const { code, stdout } = await confideCheck(dir);
        expect(code, stdout).toBe(1);
        const errors = stdout.split("\n").filter((line) => line.includes(": error: "));
        for (const want of broken.expected) {
          const text = broken.files[want.file] ?? read(want.file);
          const line = want.needle === 1 ? 1 : lineOf(text, want.needle);
          const prefix = `${dir}/${want.file}:${line}:${want.col ?? ""}`;
          const found = errors.find(
            (error) => error.startsWith(prefix) && want.message.test(error.replace(/^.*?: error: /, "")),
          );
          expect(found, `${prefix} ${want.message}\n${stdout}`).toBeDefined();
          expect(found).toMatch(/ Fix: \S/);
        }
        expect(stdout).not.toMatch(/\n\s+at /); // no stack trace
      } finally {
        await cleanup();
      }
    });
  }

  it("fails the Helsinki shape with --strict too, run as a user runs it", async () => {
    const { dir, cleanup } = await contentFolder(
      { "_data/roster.yaml": noDirectContact },
      { translations: false },
    );
    try {
      const { code, stdout } = await runConfide(["check", "--strict", "--content", dir]);
      expect(code).toBe(1);
      expect(stdout).toContain(`${dir}/report.md:${lineOf(report, "{% direct_contacts %}")}:1: error:`);
    } finally {
      await cleanup();
    }
  });

  it("makes the build print the same diagnostic, without a stack trace", async () => {
    const files = { "reporting.md": reporting.replace("{{ site.follow_up }}", "{{ follow_up }}") };
    const { dir, cleanup } = await contentFolder(files, { translations: false });
    try {
      const check = await confideCheck(dir);
      const build = await runConfide(["build", "--content", dir, "--out", join(dir, "_out")]);
      expect(build.code).toBe(1);
      const diagnostic = check.stdout.split("\n").find((line) => line.includes(": error: "));
      expect(diagnostic).toBeDefined();
      expect(build.stderr).toContain(diagnostic);
      expect(build.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await cleanup();
    }
  });
});

/** Content folders that must pass, each with settings left out that the example has. */
const PASSING: Array<{ shape: string; files: Record<string, string | null> }> = [
  { shape: "the example, as it is", files: {} },
  {
    shape: "an online-only community: no venue, no dates, no on-site staff, no responder phone",
    files: {
      "_data/site.yaml": site
        .replace(/^on_site:\n(?: {2}.*\n)+/m, "")
        .replace(/ {2}dates: .*\n/, "")
        .replace(/ {2}place: .*\n/, ""),
    },
  },
  {
    shape: "a site that sets only what it must: no channels, no attribution, no place to find staff",
    files: {
      "_data/site.yaml": site
        .replace(/^channels:\n(?: {2}.*\n)+/m, "")
        .replace(/^attribution: >-\n(?: {2}.*\n)+/m, "")
        .replace(/ {2}where: .*\n/, "")
        .replace(/ {2}phone:\n(?: {4}.*\n)+/, ""),
    },
  },
  {
    shape: "a site with no report form yet (no `form:`, no {% report_form %})",
    files: {
      "_data/site.yaml": site.replace(/^form:\n(?: {2}.*\n)+/m, ""),
      "report.md": report.replace("{% report_form %}\n", ""),
    },
  },
  {
    shape: "the Helsinki shape with contacts outside the team for a conflict of interest",
    files: {
      "_data/roster.yaml": noDirectContact,
      "_data/site.yaml": `${site}\nindependent_contacts:\n  - name: Liisa Example\n    role: Organiser outside the responder team\n    email: liisa@tidewater.example\n`,
    },
  },
];

describe("a content folder that passes confide check (issue 12)", { timeout: 120_000 }, () => {
  for (const passing of PASSING) {
    it(`builds with one <h1> a page, no empty list and no dangling sentence: ${passing.shape}`, async () => {
      for (const [file, text] of Object.entries(passing.files)) expect(text, file).not.toBe(read(file));
      const { dir, cleanup } = await contentFolder(passing.files, { translations: false });
      try {
        const { code, stdout } = await confideCheck(dir);
        expect(code, stdout).toBe(0);
        const built = await buildInto(dir);
        try {
          const pages = (await listFiles(built.out)).filter((file) => file.endsWith(".html"));
          expect(pages.length).toBeGreaterThan(8);
          for (const page of pages) expect(pageProblems(await readOut(built.out, page)), page).toEqual([]);
        } finally {
          await built.cleanup();
        }
      } finally {
        await cleanup();
      }
    });
  }
});
