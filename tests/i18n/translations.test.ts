import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { loadContent } from "../../src/content/load-content.ts";
import { directionOf, joinList } from "../../src/i18n/languages.ts";
import { languageOfUrl, translateReport } from "../../src/i18n/translations.ts";
import { reportSchema } from "../../src/report/report-fields.ts";
import { composeReport, parseReport } from "../../src/report/report-format.ts";
import { check, contentFolder, EXAMPLE_CONTENT, lineOf, NOW } from "../helpers/content-folder.ts";

// Issue 7: translations of the pages and the data, checked like the site's own.

const read = (file: string) => readFileSync(join(EXAMPLE_CONTENT, file), "utf8");
const withTranslations = (files: Record<string, string | null>) => check(files, { translations: true });

describe("the example's languages", () => {
  it("are the site's own, then each translation folder, with their direction and every text in their language", async () => {
    const { content, diagnostics } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
    expect(diagnostics).toEqual([]);
    const languages = content?.languages ?? [];
    expect(languages.map(({ tag, prefix, dir }) => ({ tag, prefix, dir }))).toEqual([
      { tag: "en-GB", prefix: "", dir: "ltr" },
      { tag: "ar", prefix: "/ar", dir: "rtl" },
      { tag: "es", prefix: "/es", dir: "ltr" },
    ]);
    const spanish = languageOfUrl(languages, "/es/responders/ada/");
    expect(spanish.site.follow_up).toBe("en el plazo de una semana");
    expect(spanish.site.emergency.map((phone) => phone.number)).toEqual(["999", "101", "116 123"]);
    expect(spanish.responders.find((r) => r.id === "tomas")?.role).toBe("Equipo de respuesta");
    expect(spanish.responders.find((r) => r.id === "tomas")?.publicKey?.fingerprint).toBe(
      content?.responders.find((r) => r.id === "tomas")?.publicKey?.fingerprint,
    );
    expect(spanish.report.fields.map((f) => [f.id, f.type, f.required])).toEqual(
      content?.report.fields.map((f) => [f.id, f.type, f.required]),
    );
    expect(languageOfUrl(languages, "/es-faq/").tag).toBe("en-GB");
    expect(directionOf("he")).toBe("rtl");
    expect(directionOf("fa-IR")).toBe("rtl");
    expect(directionOf("pt-BR")).toBe("ltr");
  });
});

describe("a translation's data files", () => {
  it("issue 12: translate an independent contact's role, keyed by the contact's name", async () => {
    const contact =
      "independent_contacts:\n  - name: The board\n    role: Not on this team\n    email: board@tidewater.example\n";
    const { dir, cleanup } = await contentFolder({
      "_data/site.yaml": `${read("_data/site.yaml")}\n${contact}`,
      "es/_data/site.yaml": `${read("es/_data/site.yaml")}\nindependent_contacts:\n  The board:\n    role: Fuera de este equipo\n`,
    });
    try {
      const { content, diagnostics } = await loadContent({ dir, now: NOW });
      const spanish = languageOfUrl(content?.languages ?? [], "/es/");
      expect(spanish.site.independent_contacts).toEqual([
        { name: "The board", role: "Fuera de este equipo", email: "board@tidewater.example" },
      ]);
      expect(diagnostics.map((d) => `${d.file} ${d.severity}`)).toEqual(["ar/_data/site.yaml warning"]);
    } finally {
      await cleanup();
    }
  });

  it("warn about a text not translated yet, which the pages show in the original until it is", async () => {
    const roster = read("es/_data/roster.yaml").replace(/ {4}role: Enlace con el recinto\n/, "");
    const problems = await withTranslations({ "es/_data/roster.yaml": roster });
    expect(problems).toEqual([
      expect.objectContaining({
        file: "es/_data/roster.yaml",
        line: lineOf(roster, "  jonas:") + 1,
        severity: "warning",
        message:
          'Missing the Spanish text for responders › jonas › role: Spanish pages show _data/roster.yaml\'s ("Venue liaison") until it is translated.',
        fix: "Add `role:` under `responders: jonas:` with its Spanish text.",
      }),
    ]);
  });

  it("warn about an entry that translates nothing, suggesting the id meant", async () => {
    const report = read("ar/_data/report.yaml").replace("  witnesses:", "  witness:");
    const problems = await withTranslations({ "ar/_data/report.yaml": report });
    expect(problems.map(({ severity, line, message, fix }) => ({ severity, line, message, fix }))).toEqual([
      expect.objectContaining({
        severity: "warning",
        message: expect.stringMatching(/^Missing the Arabic text for fields › witnesses › label/),
      }),
      expect.objectContaining({
        severity: "warning",
        message: expect.stringMatching(/^Missing the Arabic text for fields › witnesses › summary/),
      }),
      {
        severity: "warning",
        line: lineOf(report, "witness:"),
        message: "fields › witness translates nothing: _data/report.yaml has no such entry under fields.",
        fix: 'Did you mean "witnesses"? The entries here are: contact, when, where, ongoing, what, who, witnesses, safety.',
      },
    ]);
  });

  it("key emergency numbers by number: a number site.yaml does not list is reported", async () => {
    const siteText = read("es/_data/site.yaml").replace('  "101":', '  "102":');
    const messages = (await withTranslations({ "es/_data/site.yaml": siteText })).map((d) => d.message);
    expect(messages).toContain(
      "emergency › 102 translates nothing: _data/site.yaml has no such entry under emergency.",
    );
    expect(messages).toContain(
      'Missing the Spanish text for emergency › 101 › label: Spanish pages show _data/site.yaml\'s ("Police, when it is not an emergency") until it is translated.',
    );
  });

  it("warn when a question's options do not match the original's in number, and refuse a value that is not text", async () => {
    const report = read("es/_data/report.yaml")
      .replace('options: ["Sí, sigue ocurriendo", "No", "No lo sé"]', 'options: ["Sí", "No"]')
      .replace("    label: ¿Dónde ocurrió?", "    label: [¿Dónde ocurrió?]");
    const problems = await withTranslations({ "es/_data/report.yaml": report });
    expect(problems.map(({ severity, line, message }) => ({ severity, line, message }))).toEqual([
      {
        severity: "error",
        line: lineOf(report, "label: [¿Dónde"),
        message: "fields › where › label should be a text, not a list.",
      },
      {
        severity: "warning",
        line: lineOf(report, 'options: ["Sí", "No"]'),
        message:
          'fields › ongoing › options has 2 options, but _data/report.yaml has 3 ("Yes, it is still happening", "No", "I am not sure"): Spanish pages show the original options until they match.',
      },
    ]);
  });

  it("fall back to the original text when a whole file is not translated, with a warning", async () => {
    const { dir, cleanup } = await contentFolder({ "ar/_data/site.yaml": null });
    try {
      const { content, diagnostics } = await loadContent({ dir, now: NOW });
      expect(diagnostics).toEqual([
        expect.objectContaining({
          file: "ar/_data/site.yaml",
          severity: "warning",
          message: "ar/_data/site.yaml is missing: Arabic pages show the text of _data/site.yaml as it is.",
        }),
      ]);
      expect(content && languageOfUrl(content.languages, "/ar/").site.follow_up).toBe("within one week");
    } finally {
      await cleanup();
    }
  });

  it("refuse a translation folder named other than by a language (issue 12: Arabic needs no ui.yaml, Confide ships it)", async () => {
    const problems = await withTranslations({
      "ar/_data/ui.yaml": null,
      "help/_data/notes.yaml": "a: b\n",
      "help/index.md": "---\ntitle: Help\n---\nHelp.\n",
    });
    const errors = problems.filter((d) => d.severity === "error");
    expect(errors.map(({ file, message }) => ({ file, message }))).toEqual([
      {
        file: "help/_data/ui.yaml",
        message:
          "The folder help/ holds a translation (a _data/ folder), so its name must be a language tag such as es, ar or pt-BR.",
      },
    ]);
  });
});

describe("translated pages", () => {
  it("are checked like the site's own: broken links, settings, tags and menus", async () => {
    const page = [
      "---",
      "title: Ayuda",
      "nav: Ayuda",
      "---",
      "Lee [el procedimiento](/es/procedimiento/). Escribe a {{ site.alias.mail }}.",
      "",
      "{% numeros_de_emergencia %}",
      "",
    ].join("\n");
    const problems = await withTranslations({ "es/ayuda.md": page });
    expect(problems.map(({ file, line, message }) => ({ file, line, message }))).toEqual([
      {
        file: "es/ayuda.md",
        line: 3,
        message: '"nav" should be a group of fields, not the text "Ayuda".',
      },
      {
        file: "es/ayuda.md",
        line: 5,
        message: "The link to /es/procedimiento/ leads nowhere: no page has that address.",
      },
      { file: "es/ayuda.md", line: 5, message: "{{ site.alias.mail }} names a setting that does not exist." },
      { file: "es/ayuda.md", line: 7, message: "{% numeros_de_emergencia %} is not a tag Confide knows." },
    ]);
  });

  it("must live under their language's address, and link to pages in their language", async () => {
    const help = "---\ntitle: Ayuda\npermalink: /ayuda/\n---\nAyuda.\n";
    const index = read("es/index.md").replace("(/es/code-of-conduct/)", "(/code-of-conduct/)");
    const problems = await withTranslations({ "es/ayuda.md": help, "es/index.md": index });
    expect(
      problems.map(({ file, line, col, severity, message, fix }) => ({
        file,
        line,
        col,
        severity,
        message,
        fix,
      })),
    ).toEqual([
      {
        file: "es/ayuda.md",
        line: 3,
        col: 1,
        severity: "error",
        message: "This Spanish page has the address /ayuda/, outside /es/, where every Spanish page belongs.",
        fix: "Start its permalink with /es/, e.g. `permalink: /es/ayuda/`, or remove the permalink.",
      },
      {
        file: "es/index.md",
        line: lineOf(index, "(/code-of-conduct/)"),
        col:
          (index.split("\n")[lineOf(index, "(/code-of-conduct/)") - 1] ?? "").indexOf(
            "](/code-of-conduct/)",
          ) + 1,
        severity: "warning",
        message: "This Spanish page links to the British English page /code-of-conduct/.",
        fix: "Link to its Spanish version, /es/code-of-conduct/.",
      },
    ]);
  });

  it("are each reported when missing from a translation, which the language menu then replaces by its home", async () => {
    const problems = await withTranslations({ "ar/responder-guide.md": null });
    expect(problems).toEqual([
      expect.objectContaining({
        file: "responder-guide.md",
        line: 1,
        severity: "warning",
        message:
          "This page has no Arabic version (ar/responder-guide.md), so the language menu sends Arabic readers to /ar/ instead.",
      }),
    ]);
  });
});

describe("a report sent from a translated form", () => {
  it("carries the reporter's language and the labels they saw, with the ids and order of report.yaml, and parses back", () => {
    const report = reportSchema.parse(
      parseYamlSource("_data/report.yaml", read("_data/report.yaml")).source?.value,
    );
    const { source } = parseYamlSource("ar/_data/report.yaml", read("ar/_data/report.yaml"));
    if (!source) throw new Error("does not parse");
    const arabic = translateReport({
      report,
      source,
      originalFile: "_data/report.yaml",
      languageLabel: "Arabic",
    });
    expect(arabic.diagnostics).toEqual([]);
    const text = composeReport({
      fields: arabic.report.fields,
      answers: { what: "حدث شيء في الممر.", ongoing: "لا" },
      event: "Tidewater Tech Days 2027",
      reference: "R-7K2M-9QXD",
      submittedAt: new Date("2027-06-05T14:03:27Z"),
      language: "ar",
      recipients: ["Adaeze Okafor", "Mei Lin Chen"],
    });
    expect(text).toContain("\nLanguage: ar\n");
    expect(text).toContain("\n== ماذا حدث؟ [what] ==\nحدث شيء في الممر.\n");
    const parsed = parseReport(text);
    if (parsed.kind !== "report") throw new Error(parsed.message);
    expect(parsed.report.language).toBe("ar");
    expect(parsed.report.fields.map((f) => f.id)).toEqual(report.fields.map((f) => f.id));
    expect(parsed.report.fields.find((f) => f.id === "ongoing")).toEqual({
      id: "ongoing",
      label: "هل ما زال يحدث؟",
      answer: "لا",
    });
  });
});

describe("lists in a language", () => {
  it("are joined with the language's own words", () => {
    expect(joinList(["Ada", "Tomás", "Mei"], "en-GB")).toBe("Ada, Tomás and Mei");
    expect(joinList(["Ada", "Tomás"], "es")).toBe("Ada y Tomás");
    expect(joinList(["a@example.org", "0770"], "ar", "or")).toBe("a@example.org أو 0770");
  });
});
