import { type DigestMemory, projectDigestMemory, siblingModule } from "../build/digest-memory.ts";
import type { YamlSourceFacts } from "./yaml-source.ts";

/**
 * The project's memory of parsed YAML files (issue 11: Confide's own UI strings and a site's data
 * files are the same from one build to the next, and parsing them with positions, and loading the
 * yaml library for it, was a good part of a small site's build). A file is known by the SHA-256 of
 * its text, for one version of the yaml library and of {@link YamlSourceFacts}.
 */
export const projectYamlSourceCache = (): Promise<DigestMemory<YamlSourceFacts>> =>
  projectDigestMemory<YamlSourceFacts>({
    name: "yaml-sources",
    format: "yaml-source-facts/1",
    dependency: "yaml",
    maker: siblingModule(import.meta.url, "yaml-source"),
  });
