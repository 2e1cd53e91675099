import type { Diagnostic } from "../check/diagnostic.ts";
import { validateWithSchema } from "../check/schema-diagnostics.ts";
import { parseYamlSource } from "../check/yaml-source.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { frontMatterSchema } from "./front-matter-schema.ts";

// Issue 11: the one reader of pages' front matter. `confide check` parsed each page's front matter
// three times (our checks twice, once per content load; Eleventy's gray-matter once); now our checks
// and Eleventy (through src/eleventy/front-matter.ts) both ask here, and each is parsed once per process.

/** Splits YAML front matter from the body, keeping the number of lines the front matter took. */
export function splitFrontMatter(text: string): {
  frontMatter: string | null;
  body: string;
  bodyLine: number;
} {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return { frontMatter: null, body: text, bodyLine: 1 };
  return {
    frontMatter: match[1] ?? "",
    body: text.slice(match[0].length),
    bodyLine: match[0].split("\n").length - (match[0].endsWith("\n") ? 1 : 0) + 1,
  };
}

/** A problem in a front matter, before it is pinned to a file: line 1 is the front matter's first line. */
export type FrontMatterProblem = Omit<Diagnostic, "file">;

/** A front matter as read: its data, and its problems (YAML syntax, then the schema's). */
export interface FrontMatter {
  /** The data, deeply frozen (shared by every reader): null when it is not valid YAML or not a mapping. */
  data: Readonly<Record<string, unknown>> | null;
  /** Syntax errors (then `data` is null) or schema problems, positioned in the front matter's own lines. */
  problems: readonly FrontMatterProblem[];
}

/**
 * How many front matters are kept. Each entry is small (the data and its problems, not the YAML
 * document), so the bound only matters to a long `serve --watch` session, where each edit adds one;
 * it is far above any site's page count, so one check or build never evicts what it will read again.
 */
const KEPT = 100_000;

/** Front matters already read, by their text: the same text always reads the same. */
const read = new Map<string, FrontMatter>();

/**
 * A front matter's data and problems, parsed the first time its text is seen and remembered after:
 * whichever check, page or build asks, the same text is parsed once per process.
 *
 * @param options.yaml - the text between the `---` lines (as {@link splitFrontMatter} returns it)
 * @returns the same frozen result for the same text
 */
export function readFrontMatterText(options: { yaml: string }): FrontMatter {
  const { yaml, ...rest } = options;
  rejectUnknownOptions("readFrontMatterText", rest);
  const known = read.get(yaml);
  if (known) {
    // Most recently used last, so the oldest is the one dropped.
    read.delete(yaml);
    read.set(yaml, known);
    return known;
  }
  const parsed = parseFrontMatterText(yaml);
  read.set(yaml, parsed);
  if (read.size > KEPT) read.delete(read.keys().next().value as string);
  return parsed;
}

/**
 * The one place a front matter's YAML is parsed (tests/helpers/yaml-parses.ts counts this function's
 * calls by name: rename both together).
 */
function parseFrontMatterText(yaml: string): FrontMatter {
  const unpinned = ({ file: _file, ...problem }: Diagnostic): FrontMatterProblem => problem;
  const { source, diagnostics } = parseYamlSource("", yaml);
  if (!source) return Object.freeze({ data: null, problems: Object.freeze(diagnostics.map(unpinned)) });
  const value = source.value;
  const data = value && typeof value === "object" && !Array.isArray(value) ? value : null;
  return Object.freeze({
    data: data === null ? null : deepFreeze(data as Record<string, unknown>),
    problems: Object.freeze(validateWithSchema(source, frontMatterSchema).diagnostics.map(unpinned)),
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
