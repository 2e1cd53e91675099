import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load-content.ts";
import { contentFolder, EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

const rosterText = () => readFile(join(EXAMPLE_CONTENT, "_data/roster.yaml"), "utf8");
const siteText = () => readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8");

async function diagnosticsOf(files: Record<string, string>) {
  const folder = await contentFolder(files);
  try {
    return (await loadContent({ dir: folder.dir, now: NOW })).diagnostics;
  } finally {
    await folder.cleanup();
  }
}

describe("the delivery checks", () => {
  it("issue 16: warn when fewer than two receiving responders have a personal inbox", async () => {
    const roster = (await rosterText()).replace(/ {4}inbox: xdemo(tomas|mei)\n/g, "");
    const found = await diagnosticsOf({ "_data/roster.yaml": roster });
    const warning = found.find((d) => /conflict of interest cannot leave anyone out/.test(d.message));
    expect(warning).toMatchObject({ file: "_data/roster.yaml", severity: "warning" });
    expect(warning?.message).toMatch(/^Only one responder/);
    expect(warning?.fix).toMatch(/inbox:/);
  });

  it("issue 16: give the example, where every receiving responder has one, no such warning", async () => {
    const found = await diagnosticsOf({});
    expect(found.filter((d) => /personal inbox/.test(d.message))).toEqual([]);
  });

  it("refuse a personal inbox shared by two responders, or the team inbox used as one, at its line", async () => {
    const roster = (await rosterText())
      .replace("inbox: xdemotomas", "inbox: xdemoada")
      .replace("inbox: xdemomei", "inbox: xdemoform");
    const found = await diagnosticsOf({ "_data/roster.yaml": roster });
    const errors = found.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.message)).toEqual([
      expect.stringMatching(/The personal inbox xdemoada is also Adaeze Okafor's \(line \d+\)/),
      expect.stringMatching(/personal inbox is the team inbox/),
    ]);
    const lines = (await rosterText()).split("\n");
    expect(lines[(errors[0]?.line ?? 0) - 1]).toContain("inbox: xdemotomas");
  });

  it("refuse an inbox that is not a form id, and one for a responder who receives no reports", async () => {
    const roster = (await rosterText())
      .replace("inbox: xdemoada", "inbox: https://formspree.io/f/xdemoada")
      .replace("    receives_reports: false\n", "    receives_reports: false\n    inbox: xjonas\n");
    const found = await diagnosticsOf({ "_data/roster.yaml": roster });
    expect(found.filter((d) => d.severity === "error" && /inbox/.test(`${d.message} ${d.fix}`))).toHaveLength(
      2,
    );
  });

  it("issue 16: say which clients cannot read reports when recipients are hidden", async () => {
    const site = `${await siteText()}\nrecipients: hidden\n`;
    const found = await diagnosticsOf({ "_data/site.yaml": site });
    const warning = found.find((d) => d.file === "_data/site.yaml" && /recipients: hidden/.test(d.message));
    expect(warning?.severity).toBe("warning");
    expect(warning?.message).toMatch(/gpg, sq/);
    expect(warning?.message).toMatch(/Thunderbird/);
    expect(warning?.message).toMatch(/Mailvelope/);
    expect(warning?.message).toMatch(/K-9 Mail/);
  });
});
