import type { z } from "zod";
import { inputJsonSchema, type JsonSchema } from "./json-schema.ts";

/** What a schema says about a dotted path such as `event.dates`. */
export type FieldLookup =
  /** The schema has the field (set or not in a given file). */
  | { kind: "known" }
  /** It has no such field; `known` lists the fields at the level where the path went astray. */
  | { kind: "unknown"; at: string[]; name: string; known: string[] };

/**
 * Looks a dotted path up in a zod object schema, so a page that prints `{{ site.event.dates }}` can be
 * told apart from one that prints `{{ site.event.date }}`: the first is a setting the site may leave
 * out, the second a typo. Paths into lists or text are taken as known (the schema cannot say more).
 *
 * @param options.schema - the data file's schema
 * @param options.path - the path below the file's root, e.g. ["event", "dates"]
 */
export function lookUpField(options: { schema: z.ZodType; path: readonly string[] }): FieldLookup {
  let node: JsonSchema | undefined = unwrap(inputJsonSchema(options.schema));
  const at: string[] = [];
  for (const name of options.path) {
    if (!node?.properties) return { kind: "known" };
    const next: JsonSchema | undefined = node.properties[name];
    if (!next) return { kind: "unknown", at, name, known: Object.keys(node.properties) };
    at.push(name);
    node = unwrap(next);
  }
  return { kind: "known" };
}

function unwrap(schema: JsonSchema | undefined): JsonSchema | undefined {
  return schema?.anyOf?.find((option) => option.properties) ?? schema;
}
