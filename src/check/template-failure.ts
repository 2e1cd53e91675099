import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ContentError, formatDiagnostic, isContentError } from "./diagnostic.ts";
import { templateDiagnostic } from "./template-diagnostics.ts";

/**
 * What a failed build throws: a {@link ContentError} for invalid content (already printed) or a page's
 * template error (printed here as file:line:col with its fix, the way `confide check` prints it), or
 * the original error when it is not about the content (a bug in Confide: its stack trace helps).
 *
 * @param options.error - what Eleventy threw
 * @param options.contentDir - the content folder, absolute
 * @param options.cwd - the folder Eleventy resolved page paths against
 * @param options.print - print the diagnostic on stderr
 */
export function templateFailure(options: {
  error: unknown;
  contentDir: string;
  cwd: string;
  print: boolean;
}): unknown {
  const { error, contentDir } = options;
  const content = [error, (error as { originalError?: unknown }).originalError].find(isContentError);
  if (content) return content;
  const diagnostic = templateDiagnostic({
    error,
    contentDir,
    cwd: options.cwd,
    readPage: (file) => {
      try {
        return readFileSync(join(contentDir, file), "utf8");
      } catch {
        return null;
      }
    },
  });
  if (!diagnostic) return error;
  if (options.print) console.error(formatDiagnostic(diagnostic, contentDir));
  return new ContentError([diagnostic], contentDir);
}
