import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { validateUiStrings } from "../../src/i18n/translations.ts";
import { fillParts, fillText, placeholdersOf, UI_KEYS, UI_STRINGS } from "../../src/i18n/ui-strings.ts";
import {
  contentFolder,
  EXAMPLE_CONTENT,
  EXAMPLE_TRANSLATIONS,
  lineOf,
  PROJECT_ROOT,
} from "../helpers/content-folder.ts";
import { runConfide } from "../helpers/run-cli.ts";

// Issue 7: every shipped language has every UI string, and `confide check` says which is missing where.

/** Where a site keeps each language's UI strings, relative to its content folder. */
const SHIPPED = ["_data/ui.yaml", ...EXAMPLE_TRANSLATIONS.map((tag) => `${tag}/_data/ui.yaml`)];
/** Confide's own words for the example's languages (issue 12: shipped in src/i18n/ui/, not in content/). */
const read = (file: string) =>
  readFileSync(
    join(PROJECT_ROOT, "src/i18n/ui", `${file.split("/")[0] === "_data" ? "en" : file.split("/")[0]}.yaml`),
    "utf8",
  );

/** The file's text without the line of one key (`form.send` removes `  send: …` under `form:`). */
function withoutKey(text: string, key: string): { text: string; line: number } {
  const [group, name] = key.split(".");
  const lines = text.split("\n");
  const groupLine = lines.indexOf(`${group}:`);
  const index = lines.findIndex((line, i) => i > groupLine && line.startsWith(`  ${name}:`));
  if (groupLine < 0 || index < 0) throw new Error(`${key} not found`);
  lines.splice(index, 1);
  return { text: lines.join("\n"), line: groupLine + 2 };
}

describe("the UI strings of every shipped language", () => {
  it("are complete and keep every placeholder, in every shipped language", () => {
    for (const file of SHIPPED) {
      const { source } = parseYamlSource(file, read(file));
      if (!source) throw new Error(`${file} does not parse`);
      const { strings, diagnostics } = validateUiStrings({ source, reference: null, languageLabel: file });
      expect(diagnostics, file).toEqual([]);
      expect(Object.keys(strings ?? {}).sort(), file).toEqual([...UI_KEYS].sort());
    }
  });

  it("issue 12: a site in a shipped language needs no ui.yaml, and one that changes a few texts keeps the rest", async () => {
    expect(existsSync(join(EXAMPLE_CONTENT, "_data/ui.yaml"))).toBe(false);
    // Each language's file in the content folder gives every text but one: the shipped one stands in.
    const files = Object.fromEntries(
      SHIPPED.map((file) => [
        file,
        withoutKey(read(file), file === "_data/ui.yaml" ? "form.retry" : "form.send").text,
      ]),
    );
    const { dir, cleanup } = await contentFolder(files);
    try {
      const { code, stdout } = await runConfide(["check", "--content", dir]);
      expect(code).toBe(0);
      expect(stdout).not.toContain("ui.yaml");
    } finally {
      await cleanup();
    }
  });

  it("issue 12: a language Confide does not ship borrows the site's own words, with one warning naming the file", async () => {
    const finnish = "layout:\n  skip_link: Siirry sisältöön\n";
    const { dir, cleanup } = await contentFolder({
      "fi/_data/ui.yaml": finnish,
      "fi/index.md": "---\ntitle: Apua\n---\nApua.\n",
      "fi/report.md": "---\ntitle: Ilmoita\npermalink: /fi/report/\n---\n{% report_form %}\n",
      "fi/responders.md": "---\ntitle: Vastaajat\npermalink: /fi/responders/\n---\n{% responder_list %}\n",
    });
    try {
      const { code, stdout } = await runConfide(["check", "--content", dir]);
      expect(code).toBe(0);
      expect(stdout).toContain(
        `${dir}/fi/_data/ui.yaml:1:1: warning: Confide does not ship its own words in Finnish, and fi/_data/ui.yaml does not give ${UI_KEYS.length - 1} of them (language.name, layout.quick_exit,`,
      );
      expect(stdout).toContain(
        ": Finnish pages show them in British English. Fix: Translate them into fi/_data/ui.yaml",
      );
    } finally {
      await cleanup();
    }
  });

  it("refuses an unknown string at its line, suggesting the one meant", async () => {
    const text = read("es/_data/ui.yaml").replace("  send: Cifrar", "  sned: Cifrar");
    const { source } = parseYamlSource("es/_data/ui.yaml", text);
    if (!source) throw new Error("does not parse");
    const { strings, diagnostics } = validateUiStrings({ source, reference: null, languageLabel: "Spanish" });
    expect(strings).toBeNull();
    expect(diagnostics).toContainEqual(
      expect.objectContaining({
        line: lineOf(text, "sned:"),
        col: 3,
        severity: "error",
        message: 'Unknown text "form.sned": Confide never shows it.',
        fix: 'Did you mean "form.send"? Otherwise remove it.',
      }),
    );
    expect(diagnostics.map((d) => d.message)).toContain('Missing the text "form.send".');
  });

  it("refuses a translated placeholder, and one left out, at the line of the text", () => {
    const text = read("ar/_data/ui.yaml")
      .replace("الرقم المرجعي لبلاغك هو {reference}.", "الرقم المرجعي لبلاغك هو {المرجع}.")
      .replace('reporting_address: "عنوان الإبلاغ: {email}"', 'reporting_address: "عنوان الإبلاغ: {mail}"');
    const { source } = parseYamlSource("ar/_data/ui.yaml", text);
    if (!source) throw new Error("does not parse");
    const { diagnostics } = validateUiStrings({ source, reference: null, languageLabel: "Arabic" });
    expect(diagnostics.map(({ line, message }) => ({ line, message }))).toEqual([
      {
        line: lineOf(text, "reporting_address:"),
        message: '"layout.reporting_address" has {mail}, which Confide does not fill in here.',
      },
      {
        line: lineOf(text, "reporting_address:"),
        message:
          '"layout.reporting_address" leaves out {email}, which every language keeps (English: {email}).',
      },
      {
        line: lineOf(text, "your_reference:"),
        message:
          '"form.your_reference" leaves out {reference}, which every language keeps (English: {reference}).',
      },
    ]);
  });

  it("refuses a text that is not text, and a group that is not a group", () => {
    const text = read("_data/ui.yaml")
      .replace("  never_expires: Never", "  never_expires: [Never]")
      .replace(/^language:\n {2}# .*\n {2}name: English$/m, "language: English");
    const { source } = parseYamlSource("_data/ui.yaml", text);
    if (!source) throw new Error("does not parse");
    const messages = validateUiStrings({ source, reference: null, languageLabel: "English" }).diagnostics.map(
      (d) => d.message,
    );
    expect(messages).toEqual([
      'Missing the text "language.name".',
      '"responder.never_expires" should be a text, not a list.',
      '"language" should hold the texts under it, indented, not the text "English".',
    ]);
  });

  it("are all used by the layout, the blocks, the responder pages or the form", () => {
    const sources = [
      "src/_includes/base.liquid",
      ...["src/site", "src/eleventy", "src/client"].flatMap((dir) =>
        readdirSync(join(PROJECT_ROOT, dir)).map((file) => `${dir}/${file}`),
      ),
    ]
      .map((file) => readFileSync(join(PROJECT_ROOT, file), "utf8"))
      .join("\n");
    const unused = UI_KEYS.filter((key) => !sources.includes(`"${key}"`));
    expect(unused).toEqual([]);
  });
});

describe("filling a UI string", () => {
  it("puts each value in its place, keeping markup and elements as they are", () => {
    expect(fillText("Email {email}.", { email: "a@b.example" })).toBe("Email a@b.example.");
    const link = { element: "a" };
    expect(fillParts("{link}: encrypted", { link })).toEqual([link, ": encrypted"]);
    expect(fillParts("«{heading}» {heading}", { heading: "X" })).toEqual(["«", "X", "» ", "X"]);
  });

  it("throws on a placeholder without a value (confide check refuses such a text first)", () => {
    expect(() => fillText("Call {number}", {})).toThrow("No value for {number}");
  });

  it("names each key's placeholders once in the catalogue, as the English text uses them", () => {
    const { source } = parseYamlSource("_data/ui.yaml", read("_data/ui.yaml"));
    const english = source?.value as Record<string, Record<string, string>>;
    for (const key of UI_KEYS) {
      const [group = "", name = ""] = key.split(".");
      expect([...new Set(placeholdersOf(english[group]?.[name] ?? ""))].sort(), key).toEqual(
        [...UI_STRINGS[key]].sort(),
      );
    }
  });
});
