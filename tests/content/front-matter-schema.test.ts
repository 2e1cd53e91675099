import { describe, expect, it } from "vitest";
import { frontMatterSchema } from "../../src/content/front-matter-schema.ts";

const paths = (value: unknown) => {
  const result = frontMatterSchema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("frontMatterSchema", () => {
  it("takes a title alone, and every field a page may set", () => {
    expect(frontMatterSchema.parse({ title: " How to report " })).toEqual({ title: "How to report" });
    const full = {
      title: "Code of conduct",
      description: "What we expect.",
      permalink: "/conduct/",
      nav: { label: "Conduct", order: 1 },
      footer: "Conduct",
    };
    expect(frontMatterSchema.parse(full)).toEqual(full);
  });

  it("refuses a misspelt key instead of ignoring it, so titel: does not build a page without a heading", () => {
    expect(paths({ titel: "Report" })).toEqual([
      "title: Invalid input: expected string, received undefined",
      expect.stringMatching(/^: Unrecognized key/),
    ]);
    expect(paths({ title: "x", nav: { label: "x", order: 1, ordre: 2 } })).toEqual([
      expect.stringMatching(/^nav: Unrecognized key/),
    ]);
  });

  it("needs a title with text in it", () => {
    expect(paths({ title: "   " })).toEqual([expect.stringMatching(/^title: /)]);
    expect(paths({})).toEqual([expect.stringMatching(/^title: /)]);
  });

  it("needs an address that starts with /", () => {
    expect(paths({ title: "x", permalink: "conduct/" })).toEqual(["permalink: an address starts with /"]);
    expect(paths({ title: "x", permalink: "https://elsewhere.example/" })).toEqual([
      "permalink: an address starts with /",
    ]);
  });

  it("needs a menu entry's label and a number for its order", () => {
    expect(paths({ title: "x", nav: { label: "x", order: "1" } })).toEqual([
      expect.stringMatching(/^nav\.order: /),
    ]);
    expect(paths({ title: "x", nav: { order: 1 } })).toEqual([expect.stringMatching(/^nav\.label: /)]);
  });

  it("describes every field, for the check's fixes", () => {
    for (const [name, field] of Object.entries(frontMatterSchema.shape))
      expect(field.description, name).toMatch(/\w{3,}/);
  });

  it("issue 14: refuses an address without a slash at the end or an extension, which would be published as a file with no type", () => {
    expect(paths({ title: "FAQ", permalink: "/faq" })).toEqual([
      "permalink: an address without a slash at the end would be published as a file with no type, which browsers download",
    ]);
    expect(paths({ title: "FAQ", permalink: "/faq/" })).toEqual([]);
    expect(paths({ title: "Not found", permalink: "/404.html" })).toEqual([]);
    expect(paths({ title: "Out", permalink: "/../out/" })).toEqual([
      'permalink: an address cannot have "." or ".." in it: the page would be published somewhere else than it says',
    ]);
  });
});
