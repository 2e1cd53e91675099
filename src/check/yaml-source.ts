import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml";
import type { Diagnostic, Position } from "./diagnostic.ts";

/** A parsed YAML file that remembers where each value came from, so later checks can point at it. */
export interface YamlSource {
  /** Path relative to the content folder. */
  file: string;
  /** The plain JavaScript value of the document. */
  value: unknown;
  /**
   * Where the value at `path` starts. When the path does not exist (a missing field), the position of
   * the deepest part that does, so "missing field" points at the entry that lacks it.
   * With `key: true`, the position of the mapping key rather than its value.
   */
  positionOf(path: readonly PropertyKey[], options?: { key?: boolean }): Position;
  /** Every string scalar with its path, for checks that look at all values (placeholders). */
  strings(): Array<{ path: PropertyKey[]; value: string; position: Position }>;
}

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
  const start: Position = { line: 1, col: 1 };

  const positionOf = (path: readonly PropertyKey[], options: { key?: boolean } = {}): Position => {
    let node: unknown = doc.contents;
    const rootRange = (node as Node | null)?.range;
    let position = rootRange ? at(rootRange[0]) : start;
    for (const [index, segment] of path.entries()) {
      const isLast = index === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) return position;
        const keyNode = pair.key as Node;
        if (isLast && options.key) return keyNode.range ? at(keyNode.range[0]) : position;
        node = pair.value;
        const valueNode = pair.value as Node | null;
        position = valueNode?.range
          ? at(valueNode.range[0])
          : keyNode.range
            ? at(keyNode.range[0])
            : position;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment] as Node | undefined;
        if (!item) return position;
        node = item;
        if (item.range) position = at(item.range[0]);
      } else {
        return position;
      }
    }
    return position;
  };

  const strings = (): Array<{ path: PropertyKey[]; value: string; position: Position }> => {
    const found: Array<{ path: PropertyKey[]; value: string; position: Position }> = [];
    const walk = (node: unknown, path: PropertyKey[]): void => {
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isPair(pair) && isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
        }
      } else if (isSeq(node)) {
        for (const [index, item] of node.items.entries()) walk(item, [...path, index]);
      } else if (isScalar(node) && typeof node.value === "string" && node.range) {
        found.push({ path, value: node.value, position: at(node.range[0]) });
      }
    };
    walk(doc.contents, []);
    return found;
  };

  return { source: { file, value, positionOf, strings }, diagnostics: [] };
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
