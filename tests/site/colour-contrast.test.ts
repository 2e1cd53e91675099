import { describe, expect, it } from "vitest";
import {
  contrastRatio,
  formatRatio,
  parseHexColour,
  relativeLuminance,
  textColourOn,
} from "../../src/site/colour-contrast.ts";

describe("colour contrast (WCAG 2.2)", () => {
  it("reads #rrggbb and #rgb, and refuses anything else", () => {
    expect(parseHexColour("#1d4f91")).toEqual([29, 79, 145]);
    expect(parseHexColour("#fA0")).toEqual([255, 170, 0]);
    expect(() => parseHexColour("red")).toThrow(/#rrggbb/);
    expect(() => parseHexColour("#12345")).toThrow();
  });

  it("gives black and white the extreme luminances and ratios", () => {
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ffffff")).toBe(1);
    expect(contrastRatio("#000", "#fff")).toBe(21);
    expect(contrastRatio("#777777", "#777777")).toBe(1);
  });

  it("matches the ratios published for known pairs, whichever colour comes first", () => {
    // #767676 on white is the classic 4.54:1; #949494 on white about 3:1.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#ffffff", "#767676")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#949494", "#ffffff")).toBeCloseTo(3.03, 2);
  });

  it("puts black text on light colours and white text on dark ones, always at 4.5:1 or more", () => {
    expect(textColourOn("#ffe066")).toBe("#000000");
    expect(textColourOn("#1d4f91")).toBe("#ffffff");
    for (let grey = 0; grey < 256; grey += 5) {
      const hex = `#${grey.toString(16).padStart(2, "0").repeat(3)}`;
      expect(contrastRatio(hex, textColourOn(hex)), hex).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("rounds a ratio down when it writes it, so a ratio shown as passing does pass", () => {
    expect(formatRatio(2.999)).toBe("2.99:1");
    expect(formatRatio(4.5)).toBe("4.5:1");
  });
});
