import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSiteServer } from "../../src/server/site-server.ts";

/** A folder served on 127.0.0.1 by the project's own site server (the one behind `npm start`). */
export interface ServedFolder {
  url: string;
  dir: string;
  /** Stops the server and removes the folder and the inbox it was given. */
  stop(): Promise<void>;
}

/**
 * Copies a built site, lets the test change the copy (swap a key, inject a script), and serves it
 * on a free port of 127.0.0.1, headers and all, as a compromised host would serve it.
 *
 * @param built - the built site to copy
 * @param change - edits the copy in place (its folder is passed)
 */
export async function serveCopy(
  built: string,
  change: (dir: string) => Promise<void> = async () => {},
): Promise<ServedFolder> {
  const dir = await mkdtemp(join(tmpdir(), "confide-served-"));
  const inbox = await mkdtemp(join(tmpdir(), "confide-inbox-"));
  const remove = async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(inbox, { recursive: true, force: true });
  };
  try {
    await cp(built, dir, { recursive: true });
    await change(dir);
    const server = await startSiteServer({ root: dir, inboxDir: inbox, port: 0, host: "127.0.0.1" });
    return {
      url: server.url,
      dir,
      stop: async () => {
        await server.close();
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
