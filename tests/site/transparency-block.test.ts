import { describe, expect, it } from "vitest";
import { transparencyBlock } from "../../src/site/transparency-block.ts";
import type { TransparencyData } from "../../src/site/transparency-data.ts";
import { exampleContent } from "../helpers/content-folder.ts";

const content = await exampleContent();
const english = content.languages[0];
const spanish = content.languages.find((language) => language.tag === "es");
if (!english || !spanish) throw new Error("the example has no English or Spanish");

const DATA: TransparencyData = {
  format: "confide-transparency/1",
  event: "Tidewater Conf",
  generated: "2027-03-01",
  threshold: 5,
  total: 1234,
  categories: [
    { label: "Harassment <script>alert(1)</script>", count: 7 },
    { label: null, count: 5 },
  ],
  other_categories: 6,
  outcomes: [{ label: "Warning given", count: 9 }],
  other_outcomes: null,
};

/** The block's text, tags removed, spaces squeezed: what a reader sees. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

describe("transparencyBlock", () => {
  it("says no figures are published yet when there is no data file", () => {
    expect(String(transparencyBlock(null, english))).toBe(
      '<p class="transparency">We have not published any figures yet.</p>',
    );
  });

  it("prints the total, a table by kind and one by outcome, each count in the page's number format", () => {
    const block = String(transparencyBlock(DATA, english));
    expect(text(block)).toBe(
      "1,234 reports in all. Reports by kind Reports by kind Reports Harassment &lt;script&gt;alert(1)&lt;/script&gt; 7 " +
        "Not classified 5 Other kinds, combined 6 What we did What we did Reports Warning given 9 " +
        "To protect the people involved, we never publish a number below 5: smaller groups are combined.",
    );
    expect(block).toContain('<th scope="row">Not classified</th><td>5</td>');
    expect(block).not.toContain("<script>");
  });

  it("says fewer than the threshold when the total itself is too small to publish", () => {
    expect(text(String(transparencyBlock({ ...DATA, total: null }, english)))).toMatch(
      /^Fewer than 5 reports in all\./,
    );
  });

  it("leaves out a table with no rows and nothing combined, and calls a null outcome still open", () => {
    const block = String(
      transparencyBlock(
        { ...DATA, categories: [], other_categories: null, outcomes: [{ label: null, count: 8 }] },
        english,
      ),
    );
    expect(block).not.toContain("Reports by kind");
    expect(block).toContain('<th scope="row">Still open</th><td>8</td>');
  });

  it("speaks the page's language, numbers included", () => {
    const block = text(String(transparencyBlock(DATA, spanish)));
    expect(block).toContain(new Intl.NumberFormat("es").format(1234));
    expect(block).not.toContain("Reports by kind");
  });
});
