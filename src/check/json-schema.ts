import { z } from "zod";

/** The parts of a JSON Schema the checks read to name fields, types and descriptions. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
}

/** Each schema's JSON Schema, made once: the page checks ask for `site`'s at every `{{ site.… }}`. */
const converted = new WeakMap<z.ZodType, Readonly<JsonSchema>>();

/**
 * A zod schema as JSON Schema (its input side; what JSON Schema cannot say is left open), converted
 * once per schema per process and shared: read it, never change it. On a 1,000-page site, converting
 * `site`'s schema at every `{{ site.… }}` was a quarter of `confide check`'s CPU (issue 11).
 *
 * @param schema - a zod schema
 */
export function inputJsonSchema(schema: z.ZodType): Readonly<JsonSchema> {
  let json = converted.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    converted.set(schema, json);
  }
  return json;
}
