import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The project's root folder: the nearest folder above this module with a package.json. The same
 * module runs as TypeScript from `src/` (the tests) and compiled from `dist/src/` (the CLI and the
 * build), one folder deeper, so files that are not code (the layouts, the stylesheet, the browser
 * sources esbuild bundles, package.json) are found from the root, never relative to this module.
 * `dist/` holds no package.json.
 */
export const PROJECT_ROOT: string = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project: `projectPath("src/_includes")`. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${start}: is Confide installed whole?`);
  }
}
