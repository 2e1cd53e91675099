import type { z } from "zod";
import type { Diagnostic } from "./diagnostic.ts";
import { inputJsonSchema, type JsonSchema } from "./json-schema.ts";
import type { YamlSource } from "./yaml-source.ts";

/**
 * Validates a parsed YAML file against a zod schema and turns every issue into a diagnostic that
 * points at the offending line, says what is wrong in plain words and how to fix it.
 *
 * Field descriptions (`.describe()` in the schema) are quoted in the fix, so the schema stays the one
 * place that explains what each field means.
 *
 * @param source - the parsed file
 * @param schema - the zod schema the file must match
 * @returns the parsed data when valid, and the diagnostics (empty when valid)
 */
export function validateWithSchema<T extends z.ZodType>(
  source: YamlSource,
  schema: T,
): { data: z.output<T> | null; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.value ?? {});
  if (result.success) return { data: result.data, diagnostics: [] };
  const jsonSchema = inputJsonSchema(schema);
  const diagnostics = result.error.issues.flatMap((issue) => issueDiagnostics(source, jsonSchema, issue));
  return { data: null, diagnostics };
}

function issueDiagnostics(source: YamlSource, jsonSchema: JsonSchema, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = issue.path as PropertyKey[];
  const where = describePath(source.value, path);
  const at = (p: readonly PropertyKey[], key = false) => source.positionOf(p, { key });
  const base = { file: source.file, severity: "error" as const };

  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(schemaAt(jsonSchema, path)?.properties ?? {});
    const container = describePath(source.value, [...path, ""]);
    return issue.keys.map((key) => {
      const suggestion = closest(key, known);
      return {
        ...base,
        ...at([...path, key], true),
        message: `Unknown field "${key}"${container ? ` in ${container}` : ""}.`,
        fix: suggestion
          ? `Did you mean "${suggestion}"? Known fields here: ${known.join(", ")}.`
          : `Remove it, or use one of the known fields: ${known.join(", ")}.`,
      };
    });
  }

  const field = path.length > 0 ? String(path[path.length - 1]) : "";
  const fieldSchema = schemaAt(jsonSchema, path);
  const meaning = fieldSchema?.description ? ` (${fieldSchema.description})` : "";
  const actual = valueAt(source.value, path);

  if (issue.code === "invalid_type" && actual === undefined) {
    return [
      {
        ...base,
        ...at(path.slice(0, -1)),
        message: `Missing field "${field}"${where ? ` in ${where}` : ""}.`,
        fix: `Add "${field}:"${meaning}.`,
      },
    ];
  }
  if (issue.code === "invalid_type") {
    return [
      {
        ...base,
        ...at(path),
        message: `"${field}"${where ? ` in ${where}` : ""} should be ${article(issue.expected)}, not ${typeName(actual)}.`,
        fix: `Write ${example(issue.expected)}${meaning}.`,
      },
    ];
  }
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map((v) => JSON.stringify(v)).join(", ");
    return [
      {
        ...base,
        ...at(path),
        message: `"${field}"${where ? ` in ${where}` : ""} is ${JSON.stringify(actual)}, which is not one of the allowed values.`,
        fix: `Use one of: ${allowed}${meaning}.`,
      },
    ];
  }
  if (issue.code === "invalid_format") {
    const kind =
      issue.format === "email" ? "an email address" : issue.format === "url" ? "a web address" : "";
    return [
      {
        ...base,
        ...at(path),
        message: `"${field}"${where ? ` in ${where}` : ""} is ${JSON.stringify(actual)}, which is not ${kind || "in the expected form"}.`,
        fix:
          kind === "a web address"
            ? `Write the full address, starting with https://${meaning}.`
            : `Write it as ${kind || "described"}${meaning}.`,
      },
    ];
  }
  if (issue.code === "too_small" && (issue.origin === "string" || issue.origin === "array")) {
    const empty = issue.origin === "string" ? "empty" : "an empty list";
    return [
      {
        ...base,
        ...at(path),
        message: `"${field}"${where ? ` in ${where}` : ""} is ${empty}.`,
        fix: `Fill it in${meaning}, or remove the line if the field is optional.`,
      },
    ];
  }
  return [
    {
      ...base,
      ...at(path),
      message: `"${field || "this file"}"${where ? ` in ${where}` : ""}: ${issue.message.replace(/\.$/, "")}.`,
      fix:
        customFix(issue) ??
        (meaning ? `Expected${meaning}.` : "See the organiser guide for the fields this file takes."),
    },
  ];
}

/**
 * The fix a schema's own refinement names, as `.refine(check, { message, params: { fix } })`: only the
 * schema knows how to repair what its refinement refuses.
 */
function customFix(issue: z.core.$ZodIssue): string | undefined {
  const fix = issue.code === "custom" ? issue.params?.fix : undefined;
  return typeof fix === "string" ? fix : undefined;
}

/** "responders[2] (ada)" — the entry's id or name makes the message findable in a long file. */
function describePath(root: unknown, path: readonly PropertyKey[]): string {
  let node: unknown = root;
  const parts: string[] = [];
  for (const segment of path.slice(0, -1)) {
    node = (node as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (typeof segment === "number") {
      const label =
        (node as { id?: unknown; name?: unknown } | undefined)?.id ?? (node as { name?: unknown })?.name;
      if (parts.length === 0) parts.push("entry");
      parts[parts.length - 1] += `[${segment + 1}]${typeof label === "string" ? ` (${label})` : ""}`;
    } else {
      parts.push(String(segment));
    }
  }
  return parts.join(".");
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function schemaAt(schema: JsonSchema | undefined, path: readonly PropertyKey[]): JsonSchema | undefined {
  let node = unwrap(schema);
  for (const segment of path) {
    if (!node) return undefined;
    node = unwrap(typeof segment === "number" ? node.items : node.properties?.[String(segment)]);
  }
  return node;
}

function unwrap(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema?.anyOf) return schema;
  const inner = schema.anyOf.find((option) => option.type !== "null");
  return inner ? { ...inner, description: schema.description ?? inner.description } : schema;
}

function typeName(value: unknown): string {
  if (value === null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a group of fields";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  return `${typeof value === "number" ? "the number" : "the value"} ${String(value)}`;
}

function article(expected: string): string {
  const names: Record<string, string> = {
    string: "text",
    number: "a number",
    boolean: "true or false",
    array: "a list",
    object: "a group of fields",
  };
  return names[expected] ?? expected;
}

function example(expected: string): string {
  const examples: Record<string, string> = {
    string: 'text (put it in quotes if it contains ": " or starts with a special character)',
    number: "a number such as 30",
    boolean: "true or false, without quotes",
    array: 'a list, one item per line starting with "- ", or [a, b] on one line',
    object: "the nested fields, indented by two spaces",
  };
  return examples[expected] ?? expected;
}

/** The known name nearest to a misspelt one, if it is close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
