import { createRequire } from "node:module";
import type { Node } from "yaml";
import type { Diagnostic, Position } from "./diagnostic.ts";
import type { YamlSource } from "./yaml-source-types.ts";

export type { YamlSource } from "./yaml-source-types.ts";

/**
 * Parses YAML text and reports syntax errors with their line and column.
 *
 * @param file - path relative to the content folder, used in diagnostics
 * @param text - the file's contents
 * @returns the parsed source, or none when the YAML is malformed, plus every syntax problem found
 */
export function parseYamlSource(
  file: string,
  text: string,
): { source: YamlSource | null; diagnostics: Diagnostic[] } {
  const known = cache?.get(text);
  if (known) return { source: sourceFromFacts(file, known), diagnostics: [] };
  const { LineCounter, parseDocument, visit } = loadYamlLibrary();
  const lineCounter = new LineCounter();
  // uniqueKeys (the default) makes a repeated key an error instead of silently keeping the last one.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const [line, col] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
    return {
      file,
      line,
      col,
      severity: "error",
      message: `This is not valid YAML: ${yamlErrorText(error.message)}.`,
      fix: yamlErrorFix(error.code),
    };
  });
  if (diagnostics.length > 0) return { source: null, diagnostics };

  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };

  // An alias (`*name`) is resolved only here: one without its anchor (`note: *important*`) or too many
  // of them (a "billion laughs" file) throws, and must be reported like any other syntax problem.
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    let alias: Position = { line: 1, col: 1 };
    visit(doc, {
      Alias: (_, node) => {
        if (node.range) alias = at(node.range[0]);
        return visit.BREAK;
      },
    });
    const message = error instanceof Error ? error.message : String(error);
    return {
      source: null,
      diagnostics: [
        {
          file,
          ...alias,
          severity: "error",
          message: `This is not valid YAML: ${yamlErrorText(message)}.`,
          fix: 'A value starting with "*" or "&" is read as a YAML alias or anchor: put the text in quotes, and write repeated values out in full.',
        },
      ],
    };
  }
  const facts: YamlSourceFacts = { value, tree: treeOf(doc.contents, at) };
  if (cache && isPlainJson(value)) cache.set(text, facts);
  return { source: sourceFromFacts(file, facts), diagnostics: [] };
}

/**
 * A parsed YAML file as plain JSON: its value, and the shape of its document with where each part
 * starts. Enough to answer every question a {@link YamlSource} answers, so it can be kept on disk
 * (src/check/yaml-source-cache.ts) and the file not parsed again while its bytes stay the same.
 */
export interface YamlSourceFacts {
  value: unknown;
  /** The document's root node (null for an empty document). */
  tree: YamlTree | null;
}

/** One entry of a YAML mapping: its key (as text), where the key starts, and its value. */
export interface YamlPair {
  key: string;
  keyAt: Position | null;
  value: YamlTree | null;
}

/** One node of a YAML document: its kind, where it starts, and its parts. */
export type YamlTree =
  | { kind: "map"; at: Position | null; pairs: YamlPair[] }
  | { kind: "seq"; at: Position | null; items: Array<YamlTree | null> }
  | { kind: "scalar"; at: Position | null; text?: string }
  | { kind: "other"; at: Position | null };

/** Where parsed YAML sources are kept between runs (see {@link useYamlSourceCache}). */
export interface YamlSourceMemory {
  get(text: string): YamlSourceFacts | undefined;
  set(text: string, facts: YamlSourceFacts): void;
}

let cache: YamlSourceMemory | null = null;

/**
 * Makes {@link parseYamlSource} answer from (and add to) a memory of files it parsed before, or stop
 * doing so (null). Only files without problems are kept: a file with one is parsed again, so its
 * diagnostics are exactly those of a first parse.
 *
 * @param memory - the memory, or null for none
 */
export function useYamlSourceCache(memory: YamlSourceMemory | null): void {
  cache = memory;
}

/** The yaml library, loaded on the first parse that needs it (issue 11: not at all when every file is known). */
const requireHere = createRequire(import.meta.url);
let yamlLibrary: typeof import("yaml") | null = null;
export const loadYamlLibrary = (): typeof import("yaml") => {
  yamlLibrary ??= requireHere("yaml") as typeof import("yaml");
  return yamlLibrary;
};

/** The node's shape with its positions, for {@link YamlSourceFacts}. */
function treeOf(node: unknown, at: (offset: number) => Position): YamlTree | null {
  if (node === null || node === undefined) return null;
  const { isMap, isPair, isScalar, isSeq } = loadYamlLibrary();
  const range = (node as Node).range;
  const start = range ? at(range[0]) : null;
  if (isMap(node)) {
    const pairs: YamlPair[] = [];
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const keyRange = (pair.key as Node).range;
      pairs.push({
        key: String(pair.key.value),
        keyAt: keyRange ? at(keyRange[0]) : null,
        value: treeOf(pair.value, at),
      });
    }
    return { kind: "map", at: start, pairs };
  }
  if (isSeq(node)) return { kind: "seq", at: start, items: node.items.map((item) => treeOf(item, at)) };
  if (isScalar(node))
    return typeof node.value === "string"
      ? { kind: "scalar", at: start, text: node.value }
      : { kind: "scalar", at: start };
  return { kind: "other", at: start };
}

/** A {@link YamlSource} answering from the facts of a parse. */
export function sourceFromFacts(file: string, facts: YamlSourceFacts): YamlSource {
  const start: Position = { line: 1, col: 1 };
  const { tree } = facts;

  const positionOf = (path: readonly PropertyKey[], options: { key?: boolean } = {}): Position => {
    let node: YamlTree | null = tree;
    let position = tree?.at ?? start;
    for (const [index, segment] of path.entries()) {
      const isLast = index === path.length - 1;
      if (node?.kind === "map") {
        const pair: YamlPair | undefined = node.pairs.find((item) => item.key === String(segment));
        if (!pair) return position;
        if (isLast && options.key) return pair.keyAt ?? position;
        node = pair.value;
        position = pair.value?.at ?? pair.keyAt ?? position;
      } else if (node?.kind === "seq" && typeof segment === "number") {
        const item: YamlTree | null | undefined = node.items[segment];
        if (!item) return position;
        node = item;
        if (item.at) position = item.at;
      } else {
        return position;
      }
    }
    return position;
  };

  const strings = (): Array<{ path: PropertyKey[]; value: string; position: Position }> => {
    const found: Array<{ path: PropertyKey[]; value: string; position: Position }> = [];
    const walk = (node: YamlTree | null, path: PropertyKey[]): void => {
      if (node?.kind === "map") {
        for (const pair of node.pairs) walk(pair.value, [...path, pair.key]);
      } else if (node?.kind === "seq") {
        for (const [index, item] of node.items.entries()) walk(item, [...path, index]);
      } else if (node?.kind === "scalar" && node.text !== undefined && node.at) {
        found.push({ path, value: node.text, position: node.at });
      }
    };
    walk(tree, []);
    return found;
  };

  return { file, value: facts.value, positionOf, strings };
}

/**
 * Whether a value comes back the same from JSON: a file whose value does not (`.inf`, `.nan`, a
 * `__proto__` key) is not kept, so a kept file's value is always what a parse gives.
 */
function isPlainJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(isPlainJson);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)
    return Object.entries(value).every(([key, inner]) => key !== "__proto__" && isPlainJson(inner));
  return false;
}

/** The first line of the yaml library's message, without its trailing position (we print our own). */
function yamlErrorText(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").replace(/\.$/, "");
}

function yamlErrorFix(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "Each field may appear once per entry: remove or rename the repeated one.";
    case "TAB_AS_INDENT":
      return "Indent with spaces, not tabs.";
    case "BAD_INDENT":
    case "MISSING_CHAR":
    case "UNEXPECTED_TOKEN":
      return 'Check the indentation and punctuation on this line: nested fields are indented by two spaces, list items start with "- ", and text containing ": " or "#" needs quotes.';
    case "MULTILINE_IMPLICIT_KEY":
      return 'A line seems to be missing its ":" or a value spans lines without quotes: put long text in quotes or use "|" for a block.';
    default:
      return 'Check this line against the examples in the organiser guide; text containing ": " or "#" needs quotes.';
  }
}
