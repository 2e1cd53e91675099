import { relative, resolve, sep } from "node:path";
import { renderSite } from "../build/build-site.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { type Diagnostic, isContentError, START } from "./diagnostic.ts";

/** A content folder with more broken pages than this is reported in rounds (each render takes seconds). */
const MAX_RENDERS = 12;

/**
 * Renders every page exactly as the build would (the same Eleventy configuration and plugins, the
 * pages kept in memory, nothing written: renderSite) and reports each page that cannot be rendered, as file:line:col with its fix:
 * a Liquid mistake, a setting printed where the site leaves it out, a block that would print an empty
 * list. A page that fails is left out and the rest rendered again, so every broken page is reported
 * at once.
 *
 * @param options.contentDir - the content folder, already valid (`loadContent` found no error)
 * @param options.builtAt - the build's instant, as the build will have it (default: now)
 * @returns the rendered pages (of the last, successful render) and every problem found
 */
export async function renderCheck(options: {
  contentDir: string;
  builtAt?: Date;
}): Promise<{ pages: CheckedPage[]; diagnostics: Diagnostic[] }> {
  const { contentDir: folder, builtAt, ...unknown } = options;
  rejectUnknownOptions("renderCheck", unknown);
  const contentDir = resolve(folder);
  const diagnostics: Diagnostic[] = [];
  const ignore: string[] = [];
  for (let round = 0; round < MAX_RENDERS; round++) {
    try {
      // renderSite prints nothing: the check reported the content's own problems already.
      const rendered = await renderSite({
        contentDir,
        silent: true,
        ignore,
        ...(builtAt ? { builtAt } : {}),
      });
      const pages = rendered.map((page) => ({
        file: relative(contentDir, resolve(page.inputPath)).split(sep).join("/"),
        url: page.url,
        html: page.content,
      }));
      return { pages, diagnostics: [...diagnostics, ...headingDiagnostics(pages)] };
    } catch (error) {
      if (!isContentError(error)) throw error;
      diagnostics.push(...error.diagnostics);
      const page = error.diagnostics.length === 1 ? error.diagnostics[0]?.file : undefined;
      // Stop when the problem is not in one page of the folder (the layout, or the data files).
      if (!page || !/\.(md|liquid|html)$/.test(page) || page.startsWith("../") || ignore.includes(page))
        return { pages: [], diagnostics };
      ignore.push(page);
    }
  }
  return { pages: [], diagnostics };
}

/** A page as the check rendered it. */
export interface CheckedPage {
  /** Its file, relative to the content folder (generated pages start with "../"). */
  file: string;
  url: string;
  html: string;
}

/** Every page has exactly one top-level heading: its title, which the layout prints. */
function headingDiagnostics(pages: readonly CheckedPage[]): Diagnostic[] {
  return pages
    .filter((page) => page.file.endsWith(".md") && !page.file.startsWith("../"))
    .filter((page) => /<html[\s>]/.test(page.html))
    .flatMap((page) => {
      const count = page.html.match(/<h1[\s>]/g)?.length ?? 0;
      if (count === 1) return [];
      return [
        {
          file: page.file,
          ...START,
          severity: "error" as const,
          message: `This page has ${count === 0 ? "no main heading" : `${count} main headings`}: a page has exactly one, its title.`,
          fix:
            count === 0
              ? "Give it a `title:` in its front matter."
              : 'Start its own headings with "##": the title is the page\'s one "#" heading.',
        },
      ];
    });
}
