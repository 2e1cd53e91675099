import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { parseYamlSource } from "../../src/check/yaml-source.ts";
import { checkPhotos, PHOTO_PIXELS, webPhoto } from "../../src/roster/responder-photos.ts";
import { rosterSchema } from "../../src/roster/roster-schema.ts";

/** A landscape JPEG carrying metadata a phone would add (here, a copyright line standing in for GPS). */
async function cameraPhoto(): Promise<Uint8Array> {
  const image = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3a7" } })
    .withExif({ IFD0: { Copyright: "Taken at 12 Secret Street" } })
    .jpeg()
    .toBuffer();
  return new Uint8Array(image);
}

describe("responders' photos (issue 12)", () => {
  it("are published small, square and without the camera's metadata", async () => {
    const original = await cameraPhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const published = await webPhoto({ bytes: original });
    const facts = await sharp(published).metadata();
    expect([facts.format, facts.width, facts.height]).toEqual(["jpeg", PHOTO_PIXELS, PHOTO_PIXELS]);
    expect(facts.exif).toBeUndefined();
    expect(Buffer.from(published).includes("Secret Street")).toBe(false);
    expect(published.byteLength).toBeLessThan(30 * 1024);
    // The same photo gives the same bytes, so `confide verify` can rebuild the site exactly.
    expect(Buffer.from(await webPhoto({ bytes: original })).equals(Buffer.from(published))).toBe(true);
  });

  it("are checked at the photo: line: missing, unreadable, or outside the content folder", async () => {
    const text = [
      "responders:",
      "  - id: ada",
      "    name: Ada",
      "    role: Responder",
      "    photo: photos/ada.jpg",
      "    receives_reports: false",
      "  - id: bo",
      "    name: Bo",
      "    role: Responder",
      "    photo: photos/bo.png",
      "    receives_reports: false",
      "  - id: cy",
      "    name: Cy",
      "    role: Responder",
      "    photo: ../../cy.jpg",
      "    receives_reports: false",
      "  - id: di",
      "    name: Di",
      "    role: Responder",
      "    photo: photos/di.jpg",
      "    receives_reports: false",
      "",
    ].join("\n");
    const { source } = parseYamlSource("_data/roster.yaml", text);
    if (!source) throw new Error("does not parse");
    const photo = await cameraPhoto();
    const files: Record<string, Uint8Array> = {
      "photos/bo.png": new TextEncoder().encode("not an image"),
      "photos/di.jpg": photo,
    };
    const problems = await checkPhotos({
      entries: rosterSchema.parse(source.value).responders,
      source,
      readBytes: async (path) => files[path] ?? null,
    });
    expect(problems.map(({ line, col, message }) => ({ line, col, message }))).toEqual([
      { line: 5, col: 12, message: "The photo photos/ada.jpg does not exist." },
      { line: 10, col: 12, message: "photos/bo.png is not an image Confide can read." },
      { line: 15, col: 12, message: "The photo ../../cy.jpg is outside the content folder." },
    ]);
  });
});
