import { resolve } from "node:path";
import { ContentError, formatDiagnostic, hasErrors, sortDiagnostics } from "../check/diagnostic.ts";
import { loadContent } from "../content/load-content.ts";
import type { Content } from "../content/validate-content.ts";

/** The validated content of one build, shared by the plugins that need it. */
export interface ContentLoader {
  /** The content folder as the user named it. */
  readonly dir: string;
  /** The validated content; loads and validates it on first call, printing every problem. */
  get(): Promise<Content>;
  /** Forgets the loaded content, so the next build reads the folder again. */
  reset(): void;
}

/**
 * Loads and validates a content folder once per build.
 *
 * @param options.dir - the content folder
 * @param options.now - the moment keys must be usable at (default: when loaded)
 * @param options.printProblems - print every problem on stderr as it is found (default: true)
 * @throws ContentError from `get()` when the content has errors
 */
export function contentLoader(options: { dir: string; now?: Date; printProblems?: boolean }): ContentLoader {
  let loading: Promise<Content> | null = null;
  return {
    dir: options.dir,
    get() {
      loading ??= (async () => {
        const { content, diagnostics } = await loadContent({
          dir: resolve(options.dir),
          ...(options.now ? { now: options.now } : {}),
        });
        // One write for all of them: a site of a thousand untranslated pages has two thousand warnings.
        if (options.printProblems !== false && diagnostics.length > 0)
          console.error(
            sortDiagnostics(diagnostics)
              .map((diagnostic) => formatDiagnostic(diagnostic, options.dir))
              .join("\n"),
          );
        if (!content || hasErrors(diagnostics)) throw new ContentError(diagnostics, options.dir);
        return content;
      })();
      return loading;
    },
    reset() {
      loading = null;
    },
  };
}
