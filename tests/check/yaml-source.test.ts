import { describe, expect, it } from "vitest";
import { parseYamlSource, type YamlSource } from "../../src/check/yaml-source.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

/** Parses text that must be valid YAML. */
function source(text: string): YamlSource {
  const { source: parsed, diagnostics } = parseYamlSource("_data/site.yaml", text);
  expect(diagnostics).toEqual([]);
  if (!parsed) throw new Error("no source");
  return parsed;
}

const ROSTER = `responders:
  - id: ada
    name: "Ada Example"
    languages: [en, fi]
  - id: tomas
    name: Tomás Ñandú
    email:
`;

describe("parseYamlSource", () => {
  it("gives the document's value and the file it came from", () => {
    const parsed = source(ROSTER);
    expect(parsed.file).toBe("_data/site.yaml");
    expect(parsed.value).toEqual({
      responders: [
        { id: "ada", name: "Ada Example", languages: ["en", "fi"] },
        { id: "tomas", name: "Tomás Ñandú", email: null },
      ],
    });
  });

  it("points at a value by its path, through maps and lists, counting columns in characters", () => {
    const parsed = source(ROSTER);
    expect(parsed.positionOf(["responders", 0, "id"])).toEqual({ line: 2, col: 9 });
    expect(parsed.positionOf(["responders", 0, "languages", 1])).toEqual({ line: 4, col: 21 });
    expect(parsed.positionOf(["responders", 1, "name"])).toEqual({ line: 6, col: 11 });
    expect(parsed.positionOf(["responders", 1])).toEqual({ line: 5, col: 5 });
    expect(parsed.positionOf([])).toEqual({ line: 1, col: 1 });
  });

  it("points at the key instead of the value when asked", () => {
    expect(source(ROSTER).positionOf(["responders", 1, "name"], { key: true })).toEqual({ line: 6, col: 5 });
  });

  it("points just past the colon of a field whose value is empty", () => {
    expect(source(ROSTER).positionOf(["responders", 1, "email"])).toEqual({ line: 7, col: 11 });
  });

  it("points a missing field at the deepest part that exists, the entry that lacks it", () => {
    const parsed = source(ROSTER);
    expect(parsed.positionOf(["responders", 0, "fingerprint"])).toEqual({ line: 2, col: 5 });
    expect(parsed.positionOf(["responders", 5, "id"])).toEqual({ line: 2, col: 3 });
    expect(parsed.positionOf(["nothing", "here"])).toEqual({ line: 1, col: 1 });
    expect(parsed.positionOf(["responders", 0, "id", "deeper"])).toEqual({ line: 2, col: 9 });
  });

  it("matches a map's keys by their text, as a schema's path names them", () => {
    const parsed = source("years:\n  2027: big\n");
    expect(parsed.positionOf(["years", "2027"])).toEqual({ line: 2, col: 9 });
    expect(parsed.positionOf(["years", 2027])).toEqual({ line: 2, col: 9 });
  });

  it("lists every string value with its path and position, and no numbers, booleans or empties", () => {
    const strings = source(
      "event: Conf\nyear: 2027\nopen: true\nnone:\nlist:\n  - one\n  - { two: deux }\n",
    ).strings();
    expect(strings).toEqual([
      { path: ["event"], value: "Conf", position: { line: 1, col: 8 } },
      { path: ["list", 0], value: "one", position: { line: 6, col: 5 } },
      { path: ["list", 1, "two"], value: "deux", position: { line: 7, col: 12 } },
    ]);
  });

  it("reads an empty file as an empty document", () => {
    const parsed = source("");
    expect(parsed.value).toBeNull();
    expect(parsed.strings()).toEqual([]);
    expect(parsed.positionOf(["anything"])).toEqual({ line: 1, col: 1 });
  });

  it("refuses a repeated key at its line, with a fix, and gives no source", () => {
    expect(parseYamlSource("roster.yaml", "id: ada\nname: Ada\nid: mei\n")).toEqual({
      source: null,
      diagnostics: [
        {
          file: "roster.yaml",
          line: 3,
          col: 1,
          severity: "error",
          message: "This is not valid YAML: Map keys must be unique.",
          fix: "Each field may appear once per entry: remove or rename the repeated one.",
        },
      ],
    });
  });

  it("refuses tabs as indentation and says to use spaces", () => {
    const { diagnostics } = parseYamlSource("site.yaml", "event:\n\tname: Conf\n");
    expect(diagnostics).toMatchObject([{ line: 2, col: 1, fix: "Indent with spaces, not tabs." }]);
  });

  it("gives its own position, not the yaml library's, and one sentence for each problem", () => {
    const { diagnostics } = parseYamlSource("site.yaml", "title: a: b\n");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 1, col: 8 });
    expect(diagnostics[0]?.message).toMatch(/^This is not valid YAML: [^\n]*\.$/);
    expect(diagnostics[0]?.message).not.toMatch(/at line \d+|\.\.$/);
    expect(diagnostics[0]?.fix).toContain("needs quotes");
  });

  it("reports an unclosed quote or bracket with the indentation and punctuation fix", () => {
    for (const text of ["name: 'Ada\n", "languages: [en, fi\n"]) {
      const { source: parsed, diagnostics } = parseYamlSource("roster.yaml", text);
      expect(parsed).toBeNull();
      expect(diagnostics[0]?.fix).toMatch(/^Check the indentation and punctuation on this line/);
    }
  });
  it("issue 13: reports an alias without its anchor at its position, instead of throwing", () => {
    expect(parseYamlSource("_data/roster.yaml", "responders:\n  - id: ada\n    role: *important*\n")).toEqual(
      {
        source: null,
        diagnostics: [
          {
            file: "_data/roster.yaml",
            line: 3,
            col: 11,
            severity: "error",
            message:
              "This is not valid YAML: Unresolved alias (the anchor must be set before the alias): important*.",
            fix: 'A value starting with "*" or "&" is read as a YAML alias or anchor: put the text in quotes, and write repeated values out in full.',
          },
        ],
      },
    );
  });

  it("issue 13: refuses a file whose aliases multiply (a billion laughs), instead of throwing or expanding it", () => {
    let text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 9; i++)
      text += `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]\n`;
    const { source: parsed, diagnostics } = parseYamlSource("_data/site.yaml", text);
    expect(parsed).toBeNull();
    expect(diagnostics).toMatchObject([
      { line: 2, col: 10, message: expect.stringContaining("Excessive alias count") },
    ]);
  });

  it("still reads anchors and aliases that resolve", () => {
    expect(source("base: &base [en]\nmore: *base\n").value).toEqual({ base: ["en"], more: ["en"] });
  });

  it("never throws on 1,000 seeded random texts, and each gives a source or a diagnostic", () => {
    const random = seededRandom(13);
    const alphabet = [
      "a",
      ":",
      " ",
      "\n",
      "-",
      "\t",
      "'",
      '"',
      "[",
      "]",
      "{",
      "}",
      "#",
      "é",
      "&",
      "*",
      "!",
      "|",
      ">",
    ];
    for (let i = 0; i < 1000; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 40) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join("");
      const { source: parsed, diagnostics } = parseYamlSource("fuzz.yaml", text);
      expect(parsed === null).toBe(diagnostics.length > 0);
      for (const diagnostic of diagnostics) {
        expect(diagnostic.line).toBeGreaterThanOrEqual(1);
        expect(diagnostic.col).toBeGreaterThanOrEqual(1);
      }
      if (parsed) parsed.strings();
    }
  });
});
