import type { Diagnostic } from "../check/diagnostic.ts";
import { isPagePath } from "./page-files.ts";

/**
 * A private key's armor as gpg, sq, openpgp.js and Confide's keygen write it: the BEGIN line, armor
 * headers, a blank line and key material, each line perhaps indented (a YAML block, a quoted email).
 * The line alone is no key: the responder guide names it, and openpgp.js's code holds it.
 */
const PRIVATE_KEY_BEGIN =
  /-----BEGIN PGP PRIVATE KEY BLOCK-----[ \t]*\r?\n(?:[ \t>]*[\w-]+: [^\n]*\n)*[ \t>]*\r?\n[ \t>]*[A-Za-z0-9+/]{16}/;

/** Files larger than this are not searched: a private key is a few kilobytes, and photos are binary. */
export const PRIVATE_KEY_SEARCH_LIMIT_BYTES = 1024 * 1024;

/**
 * An error for a file of the content folder that holds a private key (issue 14): pasted into a page or
 * a data file, saved as a page, or left beside the public keys. Pages are published as they are, and
 * the whole folder usually goes into the repository, so whoever reads either could decrypt every
 * report sent to that key. (A roster's `key:` file is the roster check's: it says so at the roster's
 * line, and never publishes it.)
 *
 * @param options.file - the file, relative to the content folder
 * @param options.text - its text
 * @returns the error, or null when the file holds no private key
 */
export function privateKeyDiagnostic(options: { file: string; text: string }): Diagnostic | null {
  const { file, text } = options;
  const found = PRIVATE_KEY_BEGIN.exec(text);
  if (!found) return null;
  const before = text.slice(0, found.index);
  const line = before.split("\n").length;
  const col = found.index - before.lastIndexOf("\n");
  const published = isPagePath(file);
  return {
    file,
    line,
    col,
    severity: "error",
    message: `This file holds a PRIVATE key.${published ? " It would be published on the site," : " Everything in the content folder goes into the site's repository,"} and whoever has a private key can read every report sent to it.`,
    fix: "Delete the private key from the content folder now (and from the repository's history if it was committed), and ask its owner to make a new key pair. Only public keys belong here: `gpg --armor --export EMAIL`, never --export-secret-keys.",
  };
}
