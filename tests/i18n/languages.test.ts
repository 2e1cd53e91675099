import { describe, expect, it } from "vitest";
import {
  directionOf,
  joinList,
  joinParts,
  LANGUAGE_TAG,
  languageName,
  languageNames,
  primaryLanguage,
  sameLanguage,
} from "../../src/i18n/languages.ts";

describe("LANGUAGE_TAG", () => {
  it("takes tags as site.yaml and the roster write them, and nothing else", () => {
    for (const tag of ["en", "en-GB", "pt-BR", "zh-Hant-TW", "fil"])
      expect(LANGUAGE_TAG.test(tag), tag).toBe(true);
    for (const tag of ["", "EN", "english", "en_GB", "e", "en-", "en GB", "en-GB\n", "../en"])
      expect(LANGUAGE_TAG.test(tag), JSON.stringify(tag)).toBe(false);
  });
});

describe("directionOf", () => {
  it("says right to left for Arabic, Hebrew, Persian and Urdu, with or without a region, and left to right otherwise", () => {
    for (const tag of ["ar", "ar-EG", "he", "fa", "ur"]) expect(directionOf(tag), tag).toBe("rtl");
    for (const tag of ["en", "en-GB", "es", "ja", "fi"]) expect(directionOf(tag), tag).toBe("ltr");
  });

  it("falls back to its list for a tag Intl cannot read", () => {
    expect(directionOf("ar-!")).toBe("rtl");
    expect(directionOf("not a tag")).toBe("ltr");
  });
});

describe("primaryLanguage and sameLanguage", () => {
  it("drop the region or script, in lower case", () => {
    expect(primaryLanguage("en-GB")).toBe("en");
    expect(primaryLanguage("ZH-Hant-TW")).toBe("zh");
    expect(primaryLanguage("")).toBe("");
  });

  it("take en and en-GB for the same language, and en and es for two", () => {
    expect(sameLanguage("en", "en-GB")).toBe(true);
    expect(sameLanguage("pt-BR", "pt-PT")).toBe(true);
    expect(sameLanguage("en", "es")).toBe(false);
  });
});

describe("languageName and languageNames", () => {
  it("name a language in another language, and in itself", () => {
    expect(languageName("es", "en")).toBe("Spanish");
    expect(languageName("es", "es")).toBe("español");
    expect(languageNames(["ig", "en"], "en")).toEqual(["Igbo", "English"]);
    expect(languageName("en", "ar")).toBe("الإنجليزية");
  });

  it("give the tag itself when there is no name for it, or the tag cannot be read", () => {
    expect(languageName("qaa", "en")).toBe("qaa");
    expect(languageName("not a tag", "en")).toBe("not a tag");
    expect(languageName("es", "not a tag")).toBe("es");
  });
});

describe("joinParts and joinList", () => {
  it("join as the language joins a list, with and or or", () => {
    expect(joinList(["English", "Igbo", "Spanish"], "en")).toBe("English, Igbo, and Spanish");
    expect(joinList(["inglés", "español"], "es")).toBe("inglés y español");
    expect(joinList(["email", "phone"], "en", "or")).toBe("email or phone");
    expect(joinList(["a", "b"], "ar")).toBe("a وb");
  });

  it("keep the items as they are, whatever they are, and add only the words between them", () => {
    const first = { markup: "<a>" };
    const second = { markup: "<b>" };
    expect(joinParts([first, second], "en", "and")).toEqual([first, " and ", second]);
  });

  it("give one item or none unchanged", () => {
    expect(joinParts([], "en", "and")).toEqual([]);
    expect(joinList(["only"], "en")).toBe("only");
  });

  it("keep items holding the marker characters or digits in their place", () => {
    expect(joinList(["\u00001\u0000", "0", "1"], "en")).toBe("\u00001\u0000, 0, and 1");
  });

  it("fall back to commas when the language cannot be read", () => {
    expect(joinList(["a", "b", "c"], "not a tag")).toBe("a, b, c");
  });
});
