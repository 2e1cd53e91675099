// The shape of a parsed YAML source, apart from the parser (src/check/yaml-source.ts), so code that
// only reads sources (the roster's checks, which the Pages Functions hook also compiles) does not
// bring the parser's Node-only loading into the Worker's type check.
import type { Position } from "./diagnostic.ts";

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
