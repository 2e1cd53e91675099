import { describe, expect, it } from "vitest";
import { generatedAddresses, pageAddressDiagnostics } from "../../src/content/page-addresses.ts";

const generated = generatedAddresses({ prefixes: ["", "/es"], responderIds: ["ada"] });
const page = (file: string, url: string, line = 3) => ({ file, url, at: { line, col: 1 } });

describe("pageAddressDiagnostics", () => {
  it("issue 14: names both pages that share an address, each at its permalink line", () => {
    const diagnostics = pageAddressDiagnostics({
      pages: [
        page("report.md", "/report/", 4),
        page("schedule.md", "/report/index.html"),
        page("faq.md", "/faq/"),
      ],
      generated,
    });
    expect(diagnostics.map((d) => [d.file, d.line, d.message])).toEqual([
      [
        "report.md",
        4,
        "This page has the address /report/, and so has schedule.md: one would replace the other.",
      ],
      [
        "schedule.md",
        3,
        "This page has the address /report/, and so has report.md: one would replace the other.",
      ],
    ]);
    expect(diagnostics[0]?.fix).toMatch(/permalink:/);
  });

  it("issue 14: refuses the addresses the build writes: keys, the headers file, responder pages in every language", () => {
    const taken = [
      "/keys/ada.asc",
      "/keys/other.asc",
      "/_headers",
      "/es/responders/ada/",
      "/assets/site.css",
      "/favicon.ico",
    ];
    const diagnostics = pageAddressDiagnostics({
      pages: taken.map((url, i) => page(`p${i}.md`, url)),
      generated,
    });
    expect(diagnostics.map((d) => d.file)).toEqual(taken.map((_, i) => `p${i}.md`));
    expect(diagnostics[0]?.message).toBe(
      "This page has the address /keys/ada.asc, where the build writes ada's public key (every address under /keys/ is the build's): one would replace the other.",
    );
    expect(diagnostics[2]?.message).toMatch(/where the build writes the security headers file/);
  });

  it("passes pages with addresses of their own", () => {
    const pages = [page("index.md", "/"), page("responders.md", "/responders/"), page("es/index.md", "/es/")];
    expect(pageAddressDiagnostics({ pages, generated })).toEqual([]);
  });
});
