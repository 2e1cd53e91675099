import { readFile } from "node:fs/promises";
import { parseYamlSource, type YamlSource } from "../check/yaml-source.ts";

/** The languages whose UI strings Confide ships, in src/i18n/ui/<tag>.yaml. */
export const SHIPPED_UI_LANGUAGES = ["en", "es", "ar"] as const;

/** Where Confide's own words are, beside this module. */
const SHIPPED_DIR = new URL("./ui/", import.meta.url);

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
  const text = await readFile(new URL(`${tag}.yaml`, SHIPPED_DIR), "utf8");
  const { source } = parseYamlSource(`(Confide's own) src/i18n/ui/${tag}.yaml`, text);
  return source;
}
