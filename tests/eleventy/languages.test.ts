import { describe, expect, it } from "vitest";
import { contentLoader } from "../../src/eleventy/content-loader.ts";
import { languageComputedData, languagePageData } from "../../src/eleventy/languages.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";

const loader = contentLoader({ dir: EXAMPLE_CONTENT, printProblems: false });
const content = await loader.get();
const spanish = content.languages.find((language) => language.tag === "es");
if (!spanish) throw new Error("the example has no Spanish translation");

describe("a page's language data (issue 11: set once a language, not computed once a page)", () => {
  it("gives a Spanish page Spanish settings, questions, roster and words", () => {
    const data = languagePageData(spanish);
    expect(data.site).toBe(spanish.site);
    expect(data.report).toBe(spanish.report);
    expect(data.responders).toBe(spanish.responders);
    expect(data.language).toEqual({
      tag: "es",
      dir: "ltr",
      home: "/es/",
      report: "/es/report/",
      ui: spanish.ui,
    });
  });

  it("makes one object per language, which every page of that language shares", () => {
    expect(languagePageData(spanish)).toBe(languagePageData(spanish));
    expect(languagePageData(content.languages[0] ?? spanish)).not.toBe(languagePageData(spanish));
  });

  it("computes the same data from an address, for the pages one template makes in every language", async () => {
    const computed = languageComputedData(loader);
    const page = { page: { url: "/es/responders/ada/" } };
    expect(await computed.site(page)).toBe(spanish.site);
    expect(await computed.language(page)).toBe(languagePageData(spanish).language);
    expect((await computed.language({ page: { url: "/responders/ada/" } })).tag).toBe(content.site.lang);
  });
});
