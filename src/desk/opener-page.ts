import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { escapeHtml } from "../site/html.ts";

/**
 * The page the browser is opened on when the desk starts. The desk's address holds its token, and a
 * program's command line can be read by every user of the computer (`ps`, /proc/PID/cmdline) for as
 * long as the program runs: a browser started on the address keeps it there until it quits, and
 * whoever read it could open the desk, which answers anyone on this computer at 127.0.0.1. So the
 * browser is started on a file that only the responder can read, and the file forwards to the address.
 */

/**
 * The forwarding page: a refresh to the address at once, and a link to it for a browser that does
 * not follow refreshes from files. Pure.
 *
 * @param address - the desk's address with its token, `http://127.0.0.1:PORT/#token=…`
 * @throws TypeError when the address is not an http:// address
 */
export function openerPage(address: string): string {
  if (!address.startsWith("http://")) throw new TypeError(`openerPage: not an http:// address: ${address}`);
  const href = escapeHtml(address);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url=${href}">
<title>Confide desk</title>
</head>
<body>
<p><a href="${href}">Open the desk</a></p>
</body>
</html>
`;
}

/**
 * Writes the forwarding page into a new folder of its own (mode 0700), as a file only its owner can
 * read (0600).
 *
 * @param options.address - the desk's address with its token
 * @param options.dir - where to make the folder (default: the system's temporary folder)
 * @returns the file's `file://` address, and how to remove it (when the desk stops)
 */
export async function writeOpenerPage(options: {
  address: string;
  dir?: string;
}): Promise<{ url: string; remove: () => Promise<void> }> {
  rejectUnknownOptions("writeOpenerPage", withoutKeys(options, ["address", "dir"]));
  const page = openerPage(options.address);
  const folder = await mkdtemp(join(options.dir ?? tmpdir(), "confide-desk-"));
  const path = join(folder, "open-desk.html");
  await writeFile(path, page, { mode: 0o600, flag: "wx" });
  return {
    url: pathToFileURL(path).href,
    remove: () => rm(folder, { recursive: true, force: true }),
  };
}
