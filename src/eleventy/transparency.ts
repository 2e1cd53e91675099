import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { formatDiagnostic } from "../check/diagnostic.ts";
import { languageOfUrl } from "../i18n/translations.ts";
import { transparencyBlock } from "../site/transparency-block.ts";
import {
  parseTransparency,
  TRANSPARENCY_FILE,
  type TransparencyData,
  transparencyDiagnostics,
} from "../site/transparency-data.ts";
import type { ContentLoader } from "./content-loader.ts";
import { type EleventyConfig, pageUrlOf, type TemplateContext } from "./eleventy-types.ts";

/** Options of {@link transparencyPlugin}. */
export interface TransparencyPluginOptions {
  /** The content of this build. */
  content: ContentLoader;
}

/**
 * The `{% transparency_report %}` block, from `_data/transparency.yaml`, which `confide desk` writes
 * and organisers review before they rebuild. A damaged or edited file that would publish a small count
 * fails the build with its file, line and column; a missing file prints "no figures yet".
 */
export default function transparencyPlugin(
  eleventyConfig: EleventyConfig,
  options: TransparencyPluginOptions,
): void {
  let data: TransparencyData | null = null;
  eleventyConfig.on("eleventy.before", async () => {
    data = await readTransparencyFile(options.content.dir);
  });
  eleventyConfig.addShortcode("transparency_report", async function (this: TemplateContext) {
    const language = languageOfUrl((await options.content.get()).languages, pageUrlOf(this));
    return transparencyBlock(data, language).value;
  });
}

/**
 * Reads a content folder's transparency data file: null when there is none.
 *
 * @param dir - the content folder
 * @throws an Error worded `file:line:col: error: message Fix: …` when the file cannot be used
 */
export async function readTransparencyFile(dir: string): Promise<TransparencyData | null> {
  let text: string;
  try {
    text = await readFile(join(dir, TRANSPARENCY_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = parseTransparency(text);
  if (parsed.kind === "data") return parsed.data;
  // The content check (transparencyDiagnostics) has already failed the build with this problem; the
  // file may have changed since, so it is read and checked once more here.
  const [problem] = transparencyDiagnostics(text);
  throw new Error(
    problem ? formatDiagnostic(problem, dir) : `${join(dir, TRANSPARENCY_FILE)} cannot be read.`,
  );
}
