/**
 * WCAG 2.2 colour contrast, for the accent colour an organiser sets in site.yaml
 * (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio). Pure: `confide check`, the build and the tests use it.
 */

/** A colour as `#rrggbb` or `#rgb`. */
export const HEX_COLOUR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

/** The red, green and blue channels of a hex colour, 0–255 each. */
export function parseHexColour(colour: string): [number, number, number] {
  if (!HEX_COLOUR.test(colour)) throw new Error(`"${colour}" is not a colour written as #rrggbb or #rgb.`);
  const hex = colour.length === 4 ? [...colour.slice(1)].map((c) => c + c).join("") : colour.slice(1);
  return [0, 2, 4].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** The relative luminance of a colour, 0 (black) to 1 (white). */
export function relativeLuminance(colour: string): number {
  const [r, g, b] = parseHexColour(colour).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21, the same whichever comes first. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever reads better on a background (at least 4.58:1 on any colour). */
export function textColourOn(background: string): "#000000" | "#ffffff" {
  return contrastRatio(background, "#000000") >= contrastRatio(background, "#ffffff") ? "#000000" : "#ffffff";
}

/** A ratio as people write it: 4.5:1 (rounded down, so a ratio shown as passing does pass). */
export function formatRatio(ratio: number): string {
  return `${Math.floor(ratio * 100) / 100}:1`;
}
