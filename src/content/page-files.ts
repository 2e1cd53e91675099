import { type Diagnostic, START } from "../check/diagnostic.ts";

/**
 * Whether a file of the content folder is a page: a markdown file outside `keys/` and outside every
 * folder whose name starts with "_" or "." (data, layouts, drafts). `confide check` checks exactly
 * these, and the build publishes exactly these (src/eleventy/published-pages.ts), so no page reaches
 * the site unchecked (issue 14: an HTML file, a page in keys/ or in _drafts/ was published unchecked).
 *
 * @param file - the file's path relative to the content folder, with forward slashes
 */
export function isPagePath(file: string): boolean {
  return (
    file.endsWith(".md") &&
    !file.startsWith("keys/") &&
    !file.split("/").some((part) => part.startsWith("_") || part.startsWith("."))
  );
}

/** Files that look like a page to someone who writes web pages, but that Confide neither checks nor publishes. */
function looksLikePage(file: string): boolean {
  if (file.split("/").some((part) => part.startsWith("_") || part.startsWith("."))) return false;
  return /\.(html?|liquid)$/.test(file) || (file.startsWith("keys/") && file.endsWith(".md"));
}

/**
 * A warning for each file an organiser may take for a page but that is not published: an HTML or
 * Liquid file, or a markdown file in `keys/`.
 *
 * @param files - the content folder's files, relative to it
 */
export function unpublishedPageDiagnostics(files: readonly string[]): Diagnostic[] {
  return files.filter(looksLikePage).map((file) => ({
    file,
    ...START,
    severity: "warning" as const,
    message: file.startsWith("keys/")
      ? "This page is not published: keys/ holds the responders' public keys, not pages."
      : "This file is not published: Confide's pages are markdown (.md) files, which it checks before publishing.",
    fix: file.startsWith("keys/")
      ? `Move it out of keys/ (e.g. to ${file.slice("keys/".length)}) if it should be a page, or delete it.`
      : `Write it as a markdown page, ${file.replace(/\.[^./]+$/, ".md")}, with a title in its front matter (see the example's pages), or delete it.`,
  }));
}
