import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ContentError } from "../../src/check/diagnostic.ts";
import { contentLoader } from "../../src/eleventy/content-loader.ts";
import { contentFolder, EXAMPLE_CONTENT, lineOf, NOW } from "../helpers/content-folder.ts";

const exampleSite = await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8");
const exampleRoster = await readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8");

/**
 * Two of an organiser's mistakes, one in each file, both a path out of the content folder: the logo
 * (found first, printed second) and a key.
 */
const brokenSite = `${exampleSite}\nlogo: ../../secret/logo.svg\n`;
const brokenRoster = exampleRoster.replace("key: keys/ada.asc", "key: ../../etc/passwd.asc");

/** The lines the loader printed on stderr, each call's text split into lines. */
function printedLines(spy: { mock: { calls: unknown[][] } }): string[] {
  return spy.mock.calls.flatMap((call) => String(call[0]).split("\n"));
}

let broken: { dir: string; cleanup: () => Promise<void> };
let edited: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  broken = await contentFolder(
    { "_data/site.yaml": brokenSite, "_data/roster.yaml": brokenRoster },
    { translations: false },
  );
  edited = await contentFolder({}, { translations: false });
});
afterAll(async () => {
  await broken.cleanup();
  await edited.cleanup();
});

describe("contentLoader", () => {
  it("loads and validates the folder once, however many plugins ask", async () => {
    const loader = contentLoader({ dir: EXAMPLE_CONTENT, now: NOW, printProblems: false });
    expect(loader.dir).toBe(EXAMPLE_CONTENT);
    const first = loader.get();
    expect(loader.get()).toBe(first);
    const content = await first;
    expect(content.site.event.name).toBe("Tidewater Tech Days 2027");
    expect(content.responders.map((responder) => responder.id)).toContain("ada");
  });

  it("reads the folder again after reset, so the next build sees the organiser's edit", async () => {
    const loader = contentLoader({ dir: edited.dir, now: NOW, printProblems: false });
    const before = await loader.get();
    const file = join(edited.dir, "_data/site.yaml");
    await writeFile(file, exampleSite.replace("name: Tidewater Tech Days 2027", "name: Tidewater Days 2028"));
    expect(await loader.get(), "without reset, the loaded content stays").toBe(before);
    loader.reset();
    const after = await loader.get();
    expect(after).not.toBe(before);
    expect(after.site.event.name).toBe("Tidewater Days 2028");
  });

  it("refuses content with errors: every problem named by file, line and fix, printed once and sorted by file", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const loader = contentLoader({ dir: broken.dir, now: NOW });
    const error = await loader.get().catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as Error).message).toBe(
      `The content in ${broken.dir} has 2 problems (listed above); nothing was published.`,
    );
    expect(printed, "one write for all the problems").toHaveBeenCalledTimes(1);
    const lines = printedLines(printed);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${broken.dir}/_data/roster\\.yaml:${lineOf(brokenRoster, "passwd")}:\\d+: error: .*outside the content folder.* Fix: .*keys/ada\\.asc`,
      ),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^${broken.dir}/_data/site\\.yaml:${lineOf(brokenSite, "logo:")}:\\d+: error: .*outside the content folder.* Fix: `,
      ),
    );
    // The same problems, for programs that build in code.
    expect((error as ContentError).diagnostics.map((d) => d.file).sort()).toEqual([
      "_data/roster.yaml",
      "_data/site.yaml",
    ]);
  });

  it("names the files from the folder as the organiser wrote it, relative when given relative", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const dir = relative(process.cwd(), broken.dir);
    await expect(contentLoader({ dir, now: NOW }).get()).rejects.toThrow(
      `The content in ${dir} has 2 problems`,
    );
    for (const line of printedLines(printed)) expect(line.startsWith(`${dir}/_data/`), line).toBe(true);
  });

  it("prints nothing when told not to, and still refuses", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    await expect(contentLoader({ dir: broken.dir, now: NOW, printProblems: false }).get()).rejects.toThrow(
      ContentError,
    );
    expect(printed).not.toHaveBeenCalled();
  });

  it("checks the keys at the instant it is given: the same folder fails once the keys have expired", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    const later = new Date("2040-01-01T00:00:00Z");
    const error = await contentLoader({ dir: edited.dir, now: later })
      .get()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ContentError);
    const messages = (error as ContentError).diagnostics.filter((d) => d.severity === "error");
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((d) => d.file === "_data/roster.yaml" && /expired/i.test(d.message))).toBe(true);
    expect(printed).toHaveBeenCalledTimes(1);
  });

  it("prints warnings without refusing the content", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    // A page without its Spanish and Arabic versions: a warning for each, and the site still builds.
    const folder = await contentFolder({ "venue.md": "---\ntitle: Venue\n---\n\nThe hall.\n" });
    try {
      const content = await contentLoader({ dir: folder.dir, now: NOW }).get();
      expect(content.site.event.name).toBe("Tidewater Tech Days 2027");
      const lines = printedLines(printed);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      expect(lines.every((line) => line.includes(": warning: ") && line.includes(" Fix: "))).toBe(true);
      expect(lines.some((line) => line.includes("venue.md"))).toBe(true);
      expect(printed).toHaveBeenCalledTimes(1);
    } finally {
      await folder.cleanup();
    }
  });
});
