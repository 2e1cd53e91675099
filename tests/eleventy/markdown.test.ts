import { describe, expect, it } from "vitest";
import type { EleventyConfig } from "../../src/eleventy/eleventy-types.ts";
import markdownPlugin from "../../src/eleventy/markdown.ts";

/** The markdown library the plugin gives Eleventy for `.md` pages. */
function markdownLibrary(): { render(text: string): string } {
  const libraries = new Map<string, { render(text: string): string }>();
  markdownPlugin({
    setLibrary: (name: string, library: { render(text: string): string }) => libraries.set(name, library),
  } as unknown as EleventyConfig);
  const md = libraries.get("md");
  if (!md) throw new Error("the plugin set no markdown library");
  return md;
}

const render = (text: string) => markdownLibrary().render(text);

describe("markdownPlugin", () => {
  it("gives headings of levels 2 to 4 an id to link to (focusable when followed), and no visible link after them (issue 14)", () => {
    expect(render("# Title\n\n## Confidentiality\n\n### What we do\n\n#### Then\n\n##### Deep\n")).toBe(
      '<h1>Title</h1>\n<h2 id="confidentiality" tabindex="-1">Confidentiality</h2>\n<h3 id="what-we-do" tabindex="-1">What we do</h3>\n' +
        '<h4 id="then" tabindex="-1">Then</h4>\n<h5>Deep</h5>\n',
    );
  });

  it("makes ids from letters and digits of any script, accents removed and marks kept", () => {
    expect(render("## Qué pasa después: ¡2 pasos!\n")).toBe(
      '<h2 id="que-pasa-despues-2-pasos" tabindex="-1">Qué pasa después: ¡2 pasos!</h2>\n',
    );
    expect(render("## السرية\n")).toBe('<h2 id="السرية" tabindex="-1">السرية</h2>\n');
    expect(render("## गोपनीयता\n")).toContain('id="गोपनीयता"');
  });

  it("keeps the HTML blocks that shortcodes print, and uses typographic quotes", () => {
    expect(render('<ul class="numbers"><li>999</li></ul>\n')).toBe('<ul class="numbers"><li>999</li></ul>\n');
    expect(render('"Quoted" -- and it\'s done\n')).toBe("<p>“Quoted” – and it’s done</p>\n");
  });

  it("leaves a bare address as text, not a link", () => {
    expect(render("Write to conduct.example.org\n")).toBe("<p>Write to conduct.example.org</p>\n");
  });
});
