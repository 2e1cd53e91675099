import { describe, expect, it } from "vitest";
import { defaultFavicon } from "../../src/site/favicon.ts";

describe("the default favicon", () => {
  it("is a one-image 32 × 32 ICO with a 32-bit bitmap, as browsers read it", () => {
    const icon = defaultFavicon({ colour: "#1d4f91" });
    const view = new DataView(icon.buffer, icon.byteOffset, icon.byteLength);
    expect([view.getUint16(0, true), view.getUint16(2, true), view.getUint16(4, true)]).toEqual([0, 1, 1]);
    expect([icon[6], icon[7], view.getUint16(12, true)]).toEqual([32, 32, 32]);
    const size = view.getUint32(14, true);
    const offset = view.getUint32(18, true);
    expect(offset + size).toBe(icon.byteLength);
    // The bitmap header: 40 bytes, 32 wide, twice 32 high (colour rows and mask rows).
    expect([
      view.getUint32(offset, true),
      view.getInt32(offset + 4, true),
      view.getInt32(offset + 8, true),
    ]).toEqual([40, 32, 64]);
  });

  it("draws a ring in the accent colour with a transparent centre and corners", () => {
    const icon = defaultFavicon({ colour: "#1d4f91" });
    const pixel = (x: number, y: number) => {
      const at = 22 + 40 + ((31 - y) * 32 + x) * 4;
      return [icon[at + 2], icon[at + 1], icon[at], icon[at + 3]]; // red, green, blue, alpha
    };
    expect(pixel(0, 0)[3]).toBe(0);
    expect(pixel(16, 16)[3]).toBe(0);
    expect(pixel(16, 5)).toEqual([0x1d, 0x4f, 0x91, 255]); // the ring, straight above the centre
    expect(pixel(8, 8).slice(0, 3)).toEqual([255, 255, 255]); // a white stripe on the diagonal
  });

  it("gives the same bytes for the same colour, and other bytes for another", () => {
    expect(defaultFavicon({ colour: "#1d4f91" })).toEqual(defaultFavicon({ colour: "#1d4f91" }));
    expect(defaultFavicon({ colour: "#1d4f91" })).not.toEqual(defaultFavicon({ colour: "#8a1c1c" }));
  });
});
