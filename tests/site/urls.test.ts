import { describe, expect, it } from "vitest";
import { defaultPageUrl, languageUrls, urls } from "../../src/site/urls.ts";

describe("the generated addresses", () => {
  it("put a language's pages under its prefix, and the site's own language at the root", () => {
    expect(languageUrls("")).toMatchObject({ home: "/", report: urls.report, responders: urls.responders });
    const spanish = languageUrls("/es");
    expect([spanish.home, spanish.report, spanish.responders, spanish.responder("ada")]).toEqual([
      "/es/",
      "/es/report/",
      "/es/responders/",
      "/es/responders/ada/",
    ]);
  });

  it("give a markdown page the address Eleventy would", () => {
    expect(defaultPageUrl("index.md")).toBe("/");
    expect(defaultPageUrl("code-of-conduct.md")).toBe("/code-of-conduct/");
    expect(defaultPageUrl("help/index.md")).toBe("/help/");
    expect(defaultPageUrl("es/index.md")).toBe("/es/");
    expect(defaultPageUrl("es/report.md")).toBe("/es/report/");
  });

  it("name each responder's page and key by id", () => {
    expect(urls.responder("mei")).toBe("/responders/mei/");
    expect(urls.key("mei")).toBe("/keys/mei.asc");
  });
});
