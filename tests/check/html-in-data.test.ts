import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { htmlInDataDiagnostics } from "../../src/check/html-in-data.ts";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { check, EXAMPLE_CONTENT, lineOf } from "../helpers/content-folder.ts";

const REFRESH = '<meta http-equiv="refresh" content="2;url=https://evil.example/">';

function diagnosticsOf(text: string) {
  const { source } = parseYamlSource("_data/roster.yaml", text);
  if (!source) throw new Error("the test YAML should parse");
  return htmlInDataDiagnostics(source);
}

describe("htmlInDataDiagnostics", () => {
  it("finds tags, closing tags and comments, at the value's line and column", () => {
    const text = [
      "responders:",
      "  - id: ada",
      `    name: 'Ada ${REFRESH}'`,
      "    role: </title><script>alert(1)</script>",
      "    about: hello <!-- hidden -->",
      "",
    ].join("\n");
    expect(diagnosticsOf(text)).toEqual([
      {
        file: "_data/roster.yaml",
        line: 3,
        col: 11,
        severity: "error",
        message:
          "responders.0.name holds HTML (<meta…), but it is plain text: pages show it as written, tags and all, and never as markup.",
        fix: "Remove the HTML and write the text itself. Links and formatting belong in the markdown pages, which may hold HTML.",
      },
      expect.objectContaining({
        line: 4,
        col: 11,
        message: expect.stringMatching(/^responders\.0\.role holds HTML \(<\/title…\)/),
      }),
      expect.objectContaining({
        line: 5,
        col: 12,
        message: expect.stringMatching(/^responders\.0\.about holds HTML \(<!--…\)/),
      }),
    ]);
  });

  it("lets plain text with angle brackets through: hearts, comparisons and markdown autolinks", () => {
    const text = [
      "responders:",
      "  - name: Ada <3",
      "    role: a < b and c > d",
      "    about: see <https://example.org> or <ada@example.org>",
      "",
    ].join("\n");
    expect(diagnosticsOf(text)).toEqual([]);
  });
});

describe("confide check", () => {
  it("issue 10: refuses a responder name holding HTML, at its file, line and column, with a fix", async () => {
    const roster = (await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8")).replace(
      "name: Adaeze Okafor",
      `name: 'Adaeze Okafor ${REFRESH}'`,
    );
    const diagnostics = await check({ "_data/roster.yaml": roster });
    const html = diagnostics.filter((diagnostic) => diagnostic.message.includes("holds HTML"));
    expect(html).toEqual([
      expect.objectContaining({
        file: "_data/roster.yaml",
        line: lineOf(roster, "name: 'Adaeze"),
        col: 11,
        severity: "error",
        message: expect.stringMatching(/^responders\.0\.name holds HTML \(<meta…\)/),
        fix: expect.stringMatching(/^Remove the HTML/),
      }),
    ]);
  });
});
