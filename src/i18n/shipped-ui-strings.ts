import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseYamlSource, type YamlSource } from "../check/yaml-source.ts";
import { projectPath } from "../project-paths.ts";

/** The languages whose UI strings Confide ships, in src/i18n/ui/<tag>.yaml. */
export const SHIPPED_UI_LANGUAGES = ["en", "es", "ar"] as const;

/** Where Confide's own words are (found from the project, whether this module runs compiled or not). */
const SHIPPED_DIR = projectPath("src/i18n/ui");

/**
 * Confide's own words in a language it ships, parsed (checked by tests/i18n/shipped-ui-strings.test.ts
 * to be complete), or null when it does not ship that language. `en-GB` finds `en`, `pt-BR` would find
 * `pt-BR`, then `pt`.
 *
 * @param options.tag - the language tag, as site.yaml's `lang` or a translation folder's name
 */
export async function shippedUiSource(options: { tag: string }): Promise<YamlSource | null> {
  const parts = options.tag.toLowerCase().split("-");
  const candidates = parts.map((_, index) => parts.slice(0, parts.length - index).join("-"));
  const tag = candidates.find((candidate) => (SHIPPED_UI_LANGUAGES as readonly string[]).includes(candidate));
  if (!tag) return null;
  const text = await readFile(join(SHIPPED_DIR, `${tag}.yaml`), "utf8");
  const { source } = parseYamlSource(`(Confide's own) src/i18n/ui/${tag}.yaml`, text);
  return source;
}
