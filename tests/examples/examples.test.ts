import { readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { PHOTO_PIXELS } from "../../src/roster/responder-photos.ts";
import { buildInto, listFiles, readOut } from "../helpers/built-site.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";
import { pageProblems } from "../helpers/page-quality.ts";

// Issue 12: both real procedures, rebuilt as content folders, build cleanly and say what they said.

const EXAMPLES = {
  "helsinki-python": {
    numbers: ["112", "0925250111"],
    // The conflict-of-interest contacts the published page left as TODO@example.com.
    conflictContacts: ["emilia@helsinki-python.example", "jussi@helsinki-python.example"],
    followUp: "within one week",
    procedure: "enforcement-procedures/index.html",
    photos: [] as string[],
  },
  "pycon-th": {
    numbers: ["1155", "191"],
    // "… in which case any non-interested parties will be contacted."
    conflictContacts: ["conduct@pycon-apac.example"],
    followUp: "as soon as we can",
    procedure: "incident-response/index.html",
    photos: ["nok", "daniel", "ploy"],
  },
} as const;

for (const [name, facts] of Object.entries(EXAMPLES)) {
  describe(`the ${name} example`, () => {
    const contentDir = join(PROJECT_ROOT, "examples", name);
    let out = "";
    let cleanup = async () => {};
    let pages: string[] = [];

    beforeAll(async () => {
      ({ out, cleanup } = await buildInto(contentDir));
      pages = (await listFiles(out)).filter((file) => file.endsWith(".html"));
    });
    afterAll(() => cleanup());

    it("passes confide check without a single warning", async () => {
      const { content, diagnostics } = await loadContent({ dir: contentDir });
      expect(diagnostics).toEqual([]);
      expect(content).not.toBeNull();
    });

    it("builds pages with one <h1> each, no empty list and no sentence ending in nothing", async () => {
      expect(pages.length).toBeGreaterThan(6);
      for (const page of pages) expect(pageProblems(await readOut(out, page)), page).toEqual([]);
    });

    it("prints its emergency numbers, its follow-up promise and its conflict-of-interest contacts", async () => {
      const reporting = await readOut(out, "reporting/index.html");
      for (const number of facts.numbers) expect(reporting).toContain(`href="tel:${number}"`);
      expect(reporting).toContain(facts.followUp);
      for (const page of ["reporting/index.html", "report/index.html"]) {
        const html = await readOut(out, page);
        for (const email of facts.conflictContacts) expect(html, page).toContain(`mailto:${email}`);
      }
    });

    it("has a procedure for incident response for its responders, linked from the reporting page", async () => {
      const procedure = await readOut(out, facts.procedure);
      expect(procedure).toContain("<h1>Procedure for incident response</h1>");
      expect(await readOut(out, "reporting/index.html")).toContain(
        `href="/${facts.procedure.replace("index.html", "")}"`,
      );
    });

    it("publishes each responder's photo small and square beside their page", async () => {
      for (const id of facts.photos) {
        const photo = await readFile(join(out, `responders/${id}/photo.jpg`));
        const { width, height, exif } = await sharp(photo).metadata();
        expect([width, height, exif]).toEqual([PHOTO_PIXELS, PHOTO_PIXELS, undefined]);
        expect(await readOut(out, `responders/${id}/index.html`)).toContain(
          `src="/responders/${id}/photo.jpg"`,
        );
      }
    });
  });
}

describe("the page checks the examples are held to", () => {
  it("catch an empty list, a dangling sentence, a bare label and a missing heading", () => {
    const page = (main: string) => `<h1>T</h1>${main}`;
    expect(pageProblems(page('<p>Call:</p>\n<ul class="numbers"><li>112</li></ul>'))).toEqual([]);
    expect(pageProblems(page("<p>Contact any of them:</p>\n<ul></ul>"))).toHaveLength(1);
    expect(pageProblems(page("<p>By phone during the event:</p>\n<p>Online.</p>"))).toHaveLength(1);
    expect(pageProblems(page("<ul><li><strong>When:</strong></li></ul>"))).toHaveLength(1);
    expect(pageProblems(page("<p>We will reply .</p>"))).toHaveLength(1);
    expect(pageProblems("<p>No heading</p>")).toEqual(["0 <h1> elements instead of one"]);
  });
});
