import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/build/build-site.ts";
import { type CaseFile, newCaseFile } from "../../src/desk/case-file.ts";
import { countTransparency } from "../../src/desk/transparency-counts.ts";
import { formatTransparency } from "../../src/site/transparency-data.ts";
import { buildInto } from "../helpers/built-site.ts";
import { contentFolder } from "../helpers/content-folder.ts";
import { runConfide } from "../helpers/run-cli.ts";

const NOW = new Date("2027-07-01T10:00:00Z");

function closedCase(n: number, category: string, outcome: string): CaseFile {
  return {
    ...newCaseFile({
      reference: `R-0000-${String(n).padStart(4, "0")}`,
      report: "",
      receivedAt: null,
      now: NOW,
    }),
    category,
    outcome,
    status: "closed",
    closedAt: NOW.toISOString(),
  };
}

/** The figures as the desk writes them: 4 harassment, 3 unwanted photography, 1 theft. */
const DESK_OUTPUT = formatTransparency(
  countTransparency({
    cases: [
      ...[1, 2, 3, 4].map((n) => closedCase(n, "Harassment", "Warning given")),
      ...[5, 6, 7].map((n) => closedCase(n, "Unwanted photography", "Asked to delete the photos")),
      closedCase(8, "Theft", "Referred to the venue"),
    ],
    event: "Tidewater Tech Days 2027",
    threshold: 3,
    now: NOW,
  }),
);

const PAGE = `---
title: Transparency report
description: What was reported at the event, and what we did.
---

{% transparency_report %}
`;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe("the transparency_report block (issue 15)", () => {
  it("builds the desk's figures into the page, and no count below the threshold appears", {
    timeout: 60_000,
  }, async () => {
    const content = await contentFolder(
      { "transparency.md": PAGE, "_data/transparency.yaml": DESK_OUTPUT },
      { translations: false },
    );
    cleanups.push(content.cleanup);
    const site = await buildInto(content.dir);
    cleanups.push(site.cleanup);
    const html = await readFile(join(site.out, "transparency/index.html"), "utf8");
    const block = /<div class="transparency">[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
    expect(block).toContain("8 reports in all.");
    expect(block).toContain('<th scope="row">Harassment</th><td>4</td>');
    // Theft (1) is too small, so the smallest shown kind (3) is combined with it: 4.
    expect(block).toContain('<th scope="row">Other kinds, combined</th><td>4</td>');
    expect(block).not.toMatch(/Theft|Unwanted photography|Referred to the venue|>1<|>3</);
    expect(block).toContain("we never publish a number below 3");
  });

  it("prints that no figures are published yet when the desk has written none", {
    timeout: 60_000,
  }, async () => {
    const content = await contentFolder({ "transparency.md": PAGE }, { translations: false });
    cleanups.push(content.cleanup);
    const site = await buildInto(content.dir);
    cleanups.push(site.cleanup);
    expect(await readFile(join(site.out, "transparency/index.html"), "utf8")).toContain(
      "We have not published any figures yet.",
    );
  });

  it("fails the build and confide check on a figures file edited to publish a small count, naming the file", {
    timeout: 60_000,
  }, async () => {
    const content = await contentFolder(
      { "transparency.md": PAGE, "_data/transparency.yaml": DESK_OUTPUT.replace("count: 4", "count: 1") },
      { translations: false },
    );
    cleanups.push(content.cleanup);
    await expect(
      buildSite({ contentDir: content.dir, outDir: join(content.dir, "..", "never-written"), silent: true }),
    ).rejects.toThrow(/_data\/transparency\.yaml:1:1: error: The transparency figures cannot be published/);
    const checked = await runConfide(["check", "--content", content.dir]);
    expect(checked.code).toBe(1);
    expect(checked.stderr + checked.stdout).toMatch(
      /_data\/transparency\.yaml:1:1: error: The transparency figures cannot be published: a count below the threshold \(3\) would be published/,
    );
  });
});
