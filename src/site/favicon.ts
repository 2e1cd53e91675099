import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { parseHexColour } from "./colour-contrast.ts";

/** The default icon's size in pixels: browsers scale a 32-pixel icon down for a tab well. */
const SIZE = 32;
/** Samples per pixel along each axis, for smooth edges. */
const SAMPLES = 4;

/**
 * The site's default favicon: a lifebuoy in the accent colour, as an ICO file (one 32 × 32 image,
 * 32-bit BMP with alpha). Served at `/favicon.ico`, so the request every browser makes finds an icon
 * instead of a 404, with no file for the organiser to draw. Pure: the same colour gives the same bytes.
 *
 * @param options.colour - the ring's colour, `#rrggbb`
 */
export function defaultFavicon(options: { colour: string }): Uint8Array {
  const { colour, ...rest } = options;
  rejectUnknownOptions("defaultFavicon", rest);
  const [red, green, blue] = parseHexColour(colour);
  const pixels = SIZE * SIZE * 4;
  const maskRowBytes = Math.ceil(SIZE / 32) * 4;
  const header = 6 + 16;
  const bitmap = 40 + pixels + maskRowBytes * SIZE;
  const bytes = new Uint8Array(header + bitmap);
  const view = new DataView(bytes.buffer);
  // ICONDIR: reserved, type 1 (icon), one image.
  view.setUint16(2, 1, true);
  view.setUint16(4, 1, true);
  // ICONDIRENTRY: width, height (one byte each), no palette, 1 plane, 32 bits, size, offset.
  bytes[6] = SIZE;
  bytes[7] = SIZE;
  view.setUint16(10, 1, true);
  view.setUint16(12, 32, true);
  view.setUint32(14, bitmap, true);
  view.setUint32(18, header, true);
  // BITMAPINFOHEADER: the height counts the colour rows and the mask rows.
  const info = header;
  view.setUint32(info, 40, true);
  view.setInt32(info + 4, SIZE, true);
  view.setInt32(info + 8, SIZE * 2, true);
  view.setUint16(info + 12, 1, true);
  view.setUint16(info + 14, 32, true);
  view.setUint32(info + 20, pixels + maskRowBytes * SIZE, true);
  // Pixels, bottom row first, as blue, green, red, alpha. The mask stays zero: alpha decides.
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const { ring, stripe } = coverage(x, y);
      const at = info + 40 + ((SIZE - 1 - y) * SIZE + x) * 4;
      const white = stripe / Math.max(ring, 1e-9);
      bytes[at] = Math.round(blue + (255 - blue) * white);
      bytes[at + 1] = Math.round(green + (255 - green) * white);
      bytes[at + 2] = Math.round(red + (255 - red) * white);
      bytes[at + 3] = Math.round(255 * ring);
    }
  }
  return bytes;
}

/** How much of a pixel the ring covers, and how much of that is one of its four white stripes. */
function coverage(x: number, y: number): { ring: number; stripe: number } {
  let ring = 0;
  let stripe = 0;
  const centre = SIZE / 2;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const dx = x + (sx + 0.5) / SAMPLES - centre;
      const dy = y + (sy + 0.5) / SAMPLES - centre;
      const distance = Math.hypot(dx, dy);
      if (distance > 15 || distance < 7) continue;
      ring++;
      // The stripes sit on the diagonals, as on a lifebuoy.
      if (Math.abs(Math.abs(dx) - Math.abs(dy)) < 3.2) stripe++;
    }
  }
  const samples = SAMPLES * SAMPLES;
  return { ring: ring / samples, stripe: stripe / samples };
}
