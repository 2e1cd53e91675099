import { describe, expect, it } from "vitest";
import { isPagePath, unpublishedPageDiagnostics } from "../../src/content/page-files.ts";

describe("isPagePath", () => {
  it("issue 14: takes markdown outside keys/ and outside folders starting with _ or .", () => {
    expect(["index.md", "es/report.md", "help/faq.md"].filter(isPagePath)).toHaveLength(3);
    const notPages = [
      "about.html",
      "about.liquid",
      "keys/README.md",
      "_drafts/ideas.md",
      "es/_data/x.md",
      ".github/x.md",
    ];
    expect(notPages.filter(isPagePath)).toEqual([]);
  });
});

describe("unpublishedPageDiagnostics", () => {
  it("issue 14: warns about an HTML or Liquid file and a page in keys/, at the file, with what to do", () => {
    const diagnostics = unpublishedPageDiagnostics([
      "about.html",
      "team/board.liquid",
      "keys/README.md",
      "keys/ada.asc",
      "_drafts/ideas.md",
      "index.md",
    ]);
    expect(diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([
      ["about.html", 1, "warning"],
      ["team/board.liquid", 1, "warning"],
      ["keys/README.md", 1, "warning"],
    ]);
    expect(diagnostics[0]?.fix).toMatch(/^Write it as a markdown page, about\.md, with a title/);
    expect(diagnostics[2]?.message).toMatch(/keys\/ holds the responders' public keys, not pages/);
  });
});
