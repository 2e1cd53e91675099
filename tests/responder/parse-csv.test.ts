import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/responder/parse-csv.ts";

describe("parseCsv", () => {
  it("reads quoted cells with commas, doubled quotes and line breaks, numbering records from the header", () => {
    const text =
      'name,message,note\r\nada,"line one\r\nline two, with a comma","say ""hi"""\r\nmei,plain,\r\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { number: 1, line: 1, cells: ["name", "message", "note"] },
      { number: 2, line: 2, cells: ["ada", "line one\r\nline two, with a comma", 'say "hi"'] },
      { number: 3, line: 4, cells: ["mei", "plain", ""] },
    ]);
  });

  it("accepts LF line ends, a byte order mark and a last record without a line end", () => {
    const { records } = parseCsv('\uFEFFa,b\n1,"2\n3"');
    expect(records.map((record) => record.cells)).toEqual([
      ["a", "b"],
      ["1", "2\n3"],
    ]);
  });

  it("skips empty lines, so record numbers count only records", () => {
    const { records } = parseCsv("a\n\n\nb\n");
    expect(records).toEqual([
      { number: 1, line: 1, cells: ["a"] },
      { number: 2, line: 4, cells: ["b"] },
    ]);
  });

  it("keeps a quote in the middle of an unquoted cell as text", () => {
    expect(parseCsv('say "hi",x\n').records[0]?.cells).toEqual(['say "hi"', "x"]);
  });

  it("says when a quoted cell never ends, and still returns what it read", () => {
    const { records, problems } = parseCsv('a,b\n1,"cut\nshort');
    expect(records[1]?.cells).toEqual(["1", "cut\nshort"]);
    expect(problems).toEqual(["the quoted cell that starts on line 2 never ends: the file may be cut short"]);
  });
});
