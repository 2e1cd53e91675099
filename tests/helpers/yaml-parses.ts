import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rejectUnknownOptions } from "../../src/options/reject-unknown-options.ts";
import type { ProcessResult } from "./process.ts";
import { runConfide } from "./run-cli.ts";

// Issue 11: `confide check` parsed each page's front matter several times (four when the issue was
// filed; three later: our checks twice, Eleventy's gray-matter once). Parses are counted here from the outside, with V8's precise coverage
// (NODE_V8_COVERAGE records every function's exact call count): every call of a YAML library's
// document parser in the process, whoever made it, so a parse added anywhere (our code, Eleventy,
// a plugin) shows up. The bench (bench/run.ts) and tests/content/front-matter-parses.test.ts use it.

/** The functions that parse one YAML text into a document, per library: each parse calls exactly one. */
const YAML_PARSERS = [
  // eemeli/yaml (Confide's): parse() calls parseDocument(); parseAllDocuments() is the other way in.
  {
    library: "yaml",
    url: /\/node_modules\/yaml\/(browser\/)?dist\/public-api\.js$/,
    names: ["parseDocument", "parseAllDocuments"],
  },
  // js-yaml (Eleventy's and gray-matter's default engine, ESM or CommonJS build): load() and loadAll() both call it.
  { library: "js-yaml", url: /\/node_modules\/js-yaml\//, names: ["loadDocuments"] },
] as const;

/** Confide's one front-matter reader: the function that parses a front matter it has not read before. */
const FRONT_MATTER_READER = { url: /\/content\/front-matter\.[jt]s$/, name: "parseFrontMatterText" };

/** YAML parses in one process, from its coverage. */
export interface YamlParses {
  /** Every YAML document parsed, by any library, for any file (data files included). */
  total: number;
  /** Of those, by the `yaml` package (Confide's data files and front matter). */
  yaml: number;
  /** Of those, by js-yaml (Eleventy's gray-matter, when it parses front matter itself). */
  jsYaml: number;
  /** Front matters parsed by Confide's reader (src/content/front-matter.ts), all through `yaml`. */
  frontMatter: number;
}

/**
 * Counts the YAML parses recorded in a NODE_V8_COVERAGE folder (every process that wrote to it).
 *
 * @param dir - the coverage folder
 */
export async function yamlParses(dir: string): Promise<YamlParses> {
  const parses: YamlParses = { total: 0, yaml: 0, jsYaml: 0, frontMatter: 0 };
  for (const file of await readdir(dir)) {
    const { result } = JSON.parse(await readFile(join(dir, file), "utf8")) as {
      result: Array<{
        url: string;
        functions: Array<{ functionName: string; ranges: Array<{ count: number }> }>;
      }>;
    };
    for (const script of result) {
      const parser = YAML_PARSERS.find((p) => p.url.test(script.url));
      const reader = FRONT_MATTER_READER.url.test(script.url);
      if (!parser && !reader) continue;
      for (const fn of script.functions) {
        // The first range of a function covers all of it: its count is the number of calls.
        const calls = fn.ranges[0]?.count ?? 0;
        if (reader && fn.functionName === FRONT_MATTER_READER.name) parses.frontMatter += calls;
        if (!parser || !(parser.names as readonly string[]).includes(fn.functionName)) continue;
        parses.total += calls;
        if (parser.library === "yaml") parses.yaml += calls;
        else parses.jsYaml += calls;
      }
    }
  }
  return parses;
}

/**
 * Runs `confide check` (the compiled CLI, as users run it) on a content folder with V8 coverage on,
 * and counts the YAML parses it made.
 *
 * @param options.contentDir - the content folder
 * @returns the process's outcome, its wall time, and its YAML parses
 */
export async function checkCountingYamlParses(options: {
  contentDir: string;
}): Promise<ProcessResult & { wallMs: number; parses: YamlParses }> {
  const { contentDir, ...rest } = options;
  rejectUnknownOptions("checkCountingYamlParses", rest);
  const coverage = await mkdtemp(join(tmpdir(), "confide-coverage-"));
  try {
    const started = performance.now();
    const run = await runConfide(["check", "--content", contentDir], {
      // Without the memory of parsed files (src/build/digest-memory.ts): every parse is made, and
      // counted, whatever another run (or suite) parsed before.
      env: { NODE_V8_COVERAGE: coverage, CONFIDE_DIGEST_MEMORY: "off" },
    });
    const wallMs = performance.now() - started;
    return { ...run, wallMs, parses: await yamlParses(coverage) };
  } finally {
    await rm(coverage, { recursive: true, force: true });
  }
}
