import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "./content-folder.ts";
import { runProcess } from "./process.ts";

/**
 * Runs `confide` with a module resolution hook (https://nodejs.org/api/module.html#customization-hooks)
 * that writes down every module the command loads, so a test can assert what a command does not load
 * (issue 11: each command loads only what it uses).
 */
export interface ModuleLog {
  /** runs `bin/confide.js ARGS` and returns its exit code, output and every module URL it resolved */
  run(
    args: readonly string[],
    options?: { input?: string },
  ): Promise<{ code: number | null; stdout: string; stderr: string; loaded: string[] }>;
  /** removes the hook's temporary folder */
  remove(): Promise<void>;
}

/** Makes the hook in a temporary folder; call `remove()` when done. */
export async function moduleLog(): Promise<ModuleLog> {
  const dir = await mkdtemp(join(tmpdir(), "confide-imports-"));
  const resolver = join(dir, "log-resolve.mjs");
  await writeFile(
    resolver,
    `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.CONFIDE_IMPORT_LOG, resolved.url + "\\n");
  return resolved;
}
`,
  );
  const hook = join(dir, "register.mjs");
  await writeFile(
    hook,
    `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(resolver).href)});\n`,
  );
  let runs = 0;
  return {
    async run(args, options = {}) {
      const log = join(dir, `run-${++runs}.log`);
      const result = await runProcess(
        process.execPath,
        ["--import", hook, join(PROJECT_ROOT, "bin/confide.js"), ...args],
        {
          env: { ...process.env, CONFIDE_IMPORT_LOG: log },
          ...(options.input === undefined ? {} : { input: options.input }),
        },
      );
      const loaded = (await readFile(log, "utf8")).trim().split("\n");
      return { ...result, loaded };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
