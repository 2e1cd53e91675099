import { type DigestMemory, installedVersion, openDigestMemory } from "../build/digest-memory.ts";
import { projectPath } from "../project-paths.ts";
import type { KeptVerdict } from "./inspect-key.ts";

let projectCache: Promise<DigestMemory<KeptVerdict>> | null = null;

/**
 * The project's memory of what openpgp.js said of each roster key (src/roster/inspect-key.ts), in
 * node_modules/.cache/confide beside the bundles' records; opened once per process. A verdict is
 * found by the key file's name and bytes, for one version of openpgp.js and of the verdict's format,
 * and used only while the key's validity cannot have changed. Private keys are never kept (their
 * verdict has no facts), so the record holds public keys only.
 */
export function projectKeyVerdictCache(): Promise<DigestMemory<KeptVerdict>> {
  projectCache ??= (async () => {
    const version = await installedVersion({ packageJson: projectPath("node_modules/openpgp/package.json") });
    return openDigestMemory<KeptVerdict>({
      file: projectPath("node_modules/.cache/confide/key-verdicts.json"),
      key: `key-verdicts/1 openpgp@${version}`,
    });
  })();
  return projectCache;
}
