import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  accentColours,
  accentStylesheet,
  brandFileUrl,
  DEFAULT_ACCENT,
  PAGE_BACKGROUNDS,
} from "../../src/site/brand.ts";
import { contrastRatio } from "../../src/site/colour-contrast.ts";
import { check, EXAMPLE_CONTENT, lineOf, PROJECT_ROOT } from "../helpers/content-folder.ts";

const siteYaml = await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8");
/** The example's site.yaml with lines added at the end. */
const withSettings = (lines: string) => `${siteYaml.trimEnd()}\n${lines}\n`;
const brandProblems = async (files: Record<string, string | null>) =>
  (await check(files)).filter((d) => /accent|logo|favicon/i.test(d.message));

describe("the event's logo, accent colour and favicon (issue 14)", () => {
  it("keeps Confide's own colours in step with the stylesheet, and they pass their own check", async () => {
    const css = await readFile(join(PROJECT_ROOT, "src/assets/site.css"), "utf8");
    const [light = "", dark = ""] = css.split("@media (prefers-color-scheme: dark)");
    for (const [mode, block] of [
      ["light", light],
      ["dark", dark],
    ] as const) {
      expect(block).toContain(`--bg: ${PAGE_BACKGROUNDS[mode]};`);
      expect(block).toContain(`--accent: ${DEFAULT_ACCENT[mode]};`);
      expect(contrastRatio(DEFAULT_ACCENT[mode], PAGE_BACKGROUNDS[mode])).toBeGreaterThanOrEqual(3);
    }
  });

  it("accepts an accent that stands out from the light and the dark page", async () => {
    expect(await brandProblems({ "_data/site.yaml": withSettings('accent: "#8a4fff"') })).toEqual([]);
    expect(
      await brandProblems({
        "_data/site.yaml": withSettings('accent: { light: "#0f5132", dark: "#75d6a4" }'),
      }),
    ).toEqual([]);
  });

  it("refuses a pale accent on the light page at file:line:col, with the ratio and a fix", async () => {
    const text = withSettings('accent: "#ffd84d"');
    const [problem, ...rest] = await brandProblems({ "_data/site.yaml": text });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      file: "_data/site.yaml",
      line: lineOf(text, "accent:"),
      col: 9,
      severity: "error",
    });
    expect(problem?.message).toMatch(
      /^The accent colour #ffd84d has a contrast of 1\.\d+:1 with the light page background #ffffff; .* at least 3:1/,
    );
    expect(problem?.fix).toMatch(/darker colour, or give one colour for each mode/);
  });

  it("points at the dark colour when only the dark one is too dark", async () => {
    const text = withSettings('accent:\n  light: "#1d4f91"\n  dark: "#1d2f51"');
    const problems = await brandProblems({ "_data/site.yaml": text });
    expect(problems.map((d) => [d.line, d.col, d.message.slice(0, 40)])).toEqual([
      [lineOf(text, "dark:"), 9, "The accent colour #1d2f51 has a contrast"],
    ]);
  });

  it("refuses a logo or favicon that is missing, of the wrong kind, outside the folder, too big or scripted", async () => {
    const text = withSettings(
      "logo: images/missing.svg\nfavicon: images/icon.gif\n", // the second is not an icon type
    );
    const found = await brandProblems({ "_data/site.yaml": text });
    expect(found.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      `${lineOf(text, "logo:")}:7: The logo file "images/missing.svg" does not exist in the content folder.`,
      `${lineOf(text, "favicon:")}:10: The favicon "images/icon.gif" is not an image browsers show there.`,
    ]);
    const outside = await brandProblems({ "_data/site.yaml": withSettings("logo: ../secret.png") });
    expect(outside.map((d) => d.message)).toEqual([
      'The logo "../secret.png" is outside the content folder.',
    ]);
    const big = await brandProblems({
      "_data/site.yaml": withSettings("logo: logo.png"),
      "logo.png": "x".repeat(60 * 1024),
    });
    expect(big.map((d) => d.message)).toEqual([
      'The logo "logo.png" is 60 KB; every page loads it, so it may be at most 50 KB.',
    ]);
    const scripted = await brandProblems({
      "_data/site.yaml": withSettings("favicon: icon.svg"),
      "icon.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    });
    expect(scripted.map((d) => d.message)).toEqual([
      'The favicon "icon.svg" contains a script; the site publishes no script it did not write.',
    ]);
  });

  it("writes the accent as a stylesheet for light and dark, with readable text on it, and none by default", () => {
    expect(accentStylesheet({})).toBeNull();
    expect(accentColours({})).toEqual(DEFAULT_ACCENT);
    expect(accentStylesheet({ accent: { light: "#0f5132", dark: "#75d6a4" } })).toBe(
      ":root{--accent:#0f5132;--on-accent:#ffffff}\n@media (prefers-color-scheme:dark){:root{--accent:#75d6a4;--on-accent:#000000}}\n",
    );
  });

  it("publishes an .ico favicon at /favicon.ico and other images under /assets/", () => {
    expect(brandFileUrl("favicon", "images/Icon.ICO")).toBe("/favicon.ico");
    expect(brandFileUrl("favicon", "icon.svg")).toBe("/assets/favicon.svg");
    expect(brandFileUrl("logo", "images/logo.png")).toBe("/assets/logo.png");
  });
});
