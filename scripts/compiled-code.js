// Confide runs compiled JavaScript, never TypeScript through a loader: `tsc -p tsconfig.build.json`
// compiles src/ and .eleventy.ts once into dist/ (git-ignored), at `npm install` (the `prepare`
// script) and again by `npm start`, `npm run build` and `npm run check` when a source changed.
// dist/compiled-from.json records the SHA-256 of the sources it was compiled from; bin/confide.js
// refuses to run code compiled from other sources, so stale code can never run.
//
// Plain JavaScript on purpose: it runs before anything is compiled.
//
//   node scripts/compiled-code.js             compile now
//   node scripts/compiled-code.js --if-stale  compile only when dist/ does not match the sources
//   node scripts/compiled-code.js --if-stale --then build --out x
//                                             then run `confide build --out x` in the same process
//                                             (the npm scripts: one Node start-up instead of two)

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The project's root folder. */
export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the compiled code goes, under the root. */
export const DIST_DIR = "dist";
/** The stamp inside dist/: the digest of the sources it was compiled from. */
export const STAMP_FILE = "compiled-from.json";
/** zod as one file (scripts/vendored-zod.js), relative to the compiled folder. */
export const VENDORED_ZOD = "vendor/zod.js";

/**
 * The files that decide what dist/ holds: the compiler's settings, every TypeScript source, and the
 * JSON the sources import (tsc copies it into dist/).
 */
function sourceFiles(root) {
  // zod's package.json: dist/ holds zod as one file (scripts/vendored-zod.js), made again when it changes.
  const files = [
    ".eleventy.ts",
    "tsconfig.json",
    "tsconfig.build.json",
    "demo/demo-keys.json",
    "node_modules/zod/package.json",
    "scripts/vendored-zod.js",
    // This file rewrites the compiled imports of zod (vendorZod), and esbuild makes the vendored file.
    "scripts/compiled-code.js",
    "node_modules/esbuild/package.json",
  ];
  for (const entry of readdirSync(join(root, "src"), { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.tsx?$/.test(entry.name)) {
      files.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
    }
  }
  return files.sort();
}

/**
 * The SHA-256 (hex) of the sources dist/ is compiled from: each file's path and bytes, in path order.
 *
 * @param {string} [root] - the project's root
 * @returns {string}
 */
export function sourceDigest(root = PROJECT_ROOT) {
  const hash = createHash("sha256");
  for (const file of sourceFiles(root)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * Whether dist/ was compiled from the sources as they are now.
 *
 * @param {string} [root] - the project's root
 * @returns {{ fresh: true } | { fresh: false, reason: string }}
 */
export function compiledState(root = PROJECT_ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, DIST_DIR, STAMP_FILE), "utf8"));
  } catch {
    return { fresh: false, reason: `${DIST_DIR}/ holds no compiled code` };
  }
  if (stamp?.sources !== sourceDigest(root)) {
    return { fresh: false, reason: `the sources changed since ${DIST_DIR}/ was compiled` };
  }
  return { fresh: true };
}

/**
 * Compiles the sources into a folder with tsc, and stamps it with their digest.
 *
 * @param {{ root?: string, outDir: string }} options - outDir: where to write (absolute, or under the root)
 * @throws when tsc reports an error (nothing is stamped then)
 */
export function compile({ root = PROJECT_ROOT, outDir }) {
  const digest = sourceDigest(root);
  // typescript's exports map hides bin/: find the package, then its command.
  const typescript = dirname(createRequire(join(root, "package.json")).resolve("typescript/package.json"));
  const tsc = join(typescript, "bin", "tsc");
  const target = resolve(root, outDir);
  rmSync(target, { recursive: true, force: true });
  const result = spawnSync(
    process.execPath,
    [tsc, "-p", join(root, "tsconfig.build.json"), "--outDir", target],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.status !== 0) {
    throw new Error(`tsc -p tsconfig.build.json failed (exit code ${result.status ?? result.signal}).`);
  }
  vendorZod(root, target);
  writeFileSync(join(target, STAMP_FILE), `${JSON.stringify({ sources: digest }, null, 2)}\n`);
}

/**
 * Makes zod one file in the compiled folder, without its message translations, and points the
 * compiled code's imports of "zod" at it (scripts/vendored-zod.js says why).
 *
 * @param {string} root - the project's root
 * @param {string} target - the compiled folder
 */
function vendorZod(root, target) {
  const outfile = join(target, VENDORED_ZOD);
  const made = spawnSync(process.execPath, [join(root, "scripts/vendored-zod.js"), outfile], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (made.status !== 0) throw new Error(`bundling zod failed (exit code ${made.status ?? made.signal}).`);
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".js")) continue;
    const file = join(entry.parentPath, entry.name);
    if (file === outfile) continue;
    const code = readFileSync(file, "utf8");
    // tsc writes each import as `from "zod"` (type-only imports are gone from the JavaScript).
    if (!code.includes('"zod"')) continue;
    let path = relative(dirname(file), outfile).split(sep).join("/");
    if (!path.startsWith(".")) path = `./${path}`;
    writeFileSync(file, code.replace(/(\bfrom\s*|\bimport\s*\(\s*)"zod"/g, `$1"${path}"`));
  }
}

/**
 * Compiles into dist/ when it does not match the sources. The new code is compiled beside dist/ and
 * moved in place at once, so a command starting meanwhile finds the old code whole or the new code
 * whole, never half of each.
 *
 * @param {string} [root] - the project's root
 * @returns {boolean} whether it compiled
 */
export function compileIfStale(root = PROJECT_ROOT) {
  if (compiledState(root).fresh) return false;
  const staging = `${DIST_DIR}.compiling-${process.pid}`;
  const retired = `${DIST_DIR}.old-${process.pid}`;
  try {
    compile({ root, outDir: staging });
    if (existsSync(join(root, DIST_DIR))) renameSync(join(root, DIST_DIR), join(root, retired));
    renameSync(join(root, staging), join(root, DIST_DIR));
  } finally {
    rmSync(join(root, staging), { recursive: true, force: true });
    rmSync(join(root, retired), { recursive: true, force: true });
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const then = process.argv.indexOf("--then");
  const own = then === -1 ? process.argv.slice(2) : process.argv.slice(2, then);
  let compiled = false;
  try {
    if (own.includes("--if-stale")) compileIfStale();
    else {
      rmSync(join(PROJECT_ROOT, DIST_DIR), { recursive: true, force: true });
      compileIfStale();
    }
    compiled = true;
  } catch (error) {
    console.error(`confide: ${error.message}`);
    process.exitCode = 1;
  }
  if (compiled && then !== -1) {
    // `npm run build`, `start`, `dev` and `check`: the command runs in this process, on the code just
    // found fresh or compiled, as bin/confide.js would run it: one Node start-up and one digest of the
    // sources instead of two (issue 11: a tenth of the example's build).
    process.argv = [process.argv[0], join(PROJECT_ROOT, "bin/confide.js"), ...process.argv.slice(then + 1)];
    await import(pathToFileURL(join(PROJECT_ROOT, DIST_DIR, "src/cli/main.js")).href);
  }
}
