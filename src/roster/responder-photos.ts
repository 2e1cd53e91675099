import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Diagnostic } from "../check/diagnostic.ts";
import type { YamlSource } from "../check/yaml-source-types.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { urls } from "../site/urls.ts";
import type { RosterEntry } from "./roster-schema.ts";

/** The published photo's width and height in pixels: twice the size pages show it at, for sharp screens. */
export const PHOTO_PIXELS = 320;

/** Photos larger than this are refused: a phone's camera file is a few MB; more is a mistake. */
const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

/** Reads a file named by the roster as bytes, relative to the content folder; null when it does not exist. */
export type ReadContentBytes = (path: string) => Promise<Uint8Array | null>;

/**
 * A responder's photo as the site publishes it: turned upright, cropped to a square around its centre,
 * {@link PHOTO_PIXELS} pixels wide, a JPEG, with every piece of metadata left out (a phone's photo
 * carries the place it was taken and the device; none of that is published).
 *
 * sharp comes with Eleventy's image tooling in npm's registry, prebuilt for each platform: no
 * ImageMagick or other system package is needed (https://sharp.pixelplumbing.com/install).
 *
 * @param options.bytes - the photo as the organiser saved it (JPEG, PNG, WebP, GIF, AVIF or TIFF)
 * @throws when the bytes are not an image sharp can read
 */
export async function webPhoto(options: { bytes: Uint8Array }): Promise<Uint8Array> {
  const { default: sharp } = await import("sharp");
  const output = await sharp(options.bytes, { failOn: "error" })
    .rotate()
    .resize(PHOTO_PIXELS, PHOTO_PIXELS, { fit: "cover", position: "attention" })
    .jpeg({ quality: 78, mozjpeg: true })
    .toBuffer();
  return new Uint8Array(output);
}

/**
 * Checks that every photo the roster names exists and is an image the build can publish, pointing at
 * the `photo:` line of each one that is not.
 *
 * @param options.entries - the roster's entries, valid against its schema
 * @param options.source - the roster's YAML, to point at lines
 * @param options.readBytes - reads a file relative to the content folder
 */
export async function checkPhotos(options: {
  entries: readonly RosterEntry[];
  source: YamlSource;
  readBytes: ReadContentBytes;
}): Promise<Diagnostic[]> {
  const { entries, source, readBytes } = options;
  const problems = await Promise.all(
    entries.map(async (entry, index): Promise<Diagnostic | null> => {
      if (!entry.photo) return null;
      const at = {
        file: source.file,
        ...source.positionOf(["responders", index, "photo"]),
        severity: "error" as const,
      };
      if (entry.photo.startsWith("/") || entry.photo.split(/[\\/]/).includes(".."))
        return {
          ...at,
          message: `The photo ${entry.photo} is outside the content folder.`,
          fix: "Save the photo inside the content folder, e.g. photos/ada.jpg, and name it relative to the folder.",
        };
      const bytes = await readBytes(entry.photo);
      if (!bytes)
        return {
          ...at,
          message: `The photo ${entry.photo} does not exist.`,
          fix: `Save ${entry.name}'s photo as ${entry.photo} in the content folder, or remove the \`photo:\` line.`,
        };
      if (bytes.byteLength > MAX_PHOTO_BYTES)
        return {
          ...at,
          message: `The photo ${entry.photo} is ${Math.round(bytes.byteLength / 1024 / 1024)} MB, more than a photo needs.`,
          fix: "Save a smaller copy (a few hundred pixels across is plenty: the site shows it small).",
        };
      try {
        await webPhoto({ bytes });
        return null;
      } catch {
        return {
          ...at,
          message: `${entry.photo} is not an image Confide can read.`,
          fix: "Save the photo as a JPEG, PNG or WebP file (export it again from your photo app).",
        };
      }
    }),
  );
  return problems.filter((problem): problem is Diagnostic => problem !== null);
}

/**
 * Every responder's photo as the site publishes it, by address (`/responders/<id>/photo.jpg`): for the
 * build, which writes them beside the responders' pages.
 *
 * @param options.responders - the validated roster (photos already checked by {@link checkPhotos})
 * @param options.contentDir - the content folder the photo paths start from
 */
export async function readPhotoFiles(options: {
  responders: readonly Pick<RosterEntry, "id" | "photo">[];
  contentDir: string;
}): Promise<Map<string, Uint8Array>> {
  const { responders, contentDir, ...rest } = options;
  rejectUnknownOptions("readPhotoFiles", rest);
  const files = new Map<string, Uint8Array>();
  for (const responder of responders) {
    if (!responder.photo) continue;
    const bytes = new Uint8Array(await readFile(join(resolve(contentDir), responder.photo)));
    files.set(urls.photo(responder.id), await webPhoto({ bytes }));
  }
  return files;
}
