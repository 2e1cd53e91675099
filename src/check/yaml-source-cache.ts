import { type DigestMemory, installedVersion, openDigestMemory } from "../build/digest-memory.ts";
import { projectPath } from "../project-paths.ts";
import type { YamlSourceFacts } from "./yaml-source.ts";

let projectCache: Promise<DigestMemory<YamlSourceFacts>> | null = null;

/**
 * The project's memory of parsed YAML files (issue 11: Confide's own UI strings and a site's data
 * files are the same from one build to the next, and parsing them with positions, and loading the
 * yaml library for it, was a good part of a small site's build), in node_modules/.cache/confide
 * beside the bundles' records; opened once per process. A file is known by the SHA-256 of its text,
 * for one version of the yaml library and of {@link YamlSourceFacts}.
 */
export function projectYamlSourceCache(): Promise<DigestMemory<YamlSourceFacts>> {
  projectCache ??= (async () => {
    const version = await installedVersion({ packageJson: projectPath("node_modules/yaml/package.json") });
    return openDigestMemory<YamlSourceFacts>({
      file: projectPath("node_modules/.cache/confide/yaml-sources.json"),
      key: `yaml-source-facts/1 yaml@${version}`,
    });
  })();
  return projectCache;
}
