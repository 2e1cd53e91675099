// How the bench runs a command and what it reads back: wall time, CPU time and peak memory.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "../tests/helpers/process.ts";

/** One finished run of a command. */
export interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  /** wall-clock time, from spawning to exit */
  wallMs: number;
  /** user + system CPU time of the command and every child it waited for */
  cpuMs: number;
  /** the largest resident set of the command or any of its children, in KB */
  maxRssKb: number;
}

/**
 * Runs a command under GNU time (`/usr/bin/time`), which reports the CPU time and peak memory of the
 * command and its children (tsx and Eleventy start child processes; the shell of a loop does too).
 *
 * @param command - the program
 * @param args - its arguments
 * @param options.cwd - its working folder
 * @param options.env - its environment (default: this process's)
 */
export async function measure(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Measured> {
  const dir = await mkdtemp(join(tmpdir(), "confide-bench-time-"));
  const report = join(dir, "time.txt");
  try {
    const start = performance.now();
    const result = await runProcess(
      "/usr/bin/time",
      ["-f", "%U %S %M", "-o", report, command, ...args],
      options,
    );
    const wallMs = performance.now() - start;
    const [user = "0", system = "0", rss = "0"] =
      (await readFile(report, "utf8")).trim().split("\n").at(-1)?.split(" ") ?? [];
    return { ...result, wallMs, cpuMs: (Number(user) + Number(system)) * 1000, maxRssKb: Number(rss) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * Runs two commands in alternation, `runs` times each, and returns each one's runs: pairs taken
 * side by side, so a change in the machine's load falls on both.
 *
 * @param runs - how many runs of each
 * @param a - the first command, as a function that runs it once
 * @param b - the comparison
 */
export async function paired(
  runs: number,
  a: () => Promise<Measured>,
  b: () => Promise<Measured>,
): Promise<{ a: Measured[]; b: Measured[] }> {
  const out = { a: [] as Measured[], b: [] as Measured[] };
  for (let i = 0; i < runs; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

/** The medians of a set of runs. */
export function medians(runs: readonly Measured[]): { wallMs: number; cpuMs: number; maxRssKb: number } {
  return {
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
  };
}

/** Fails with the command's own words when a run did not succeed. */
export function expectSuccess(what: string, run: Measured): Measured {
  if (run.code !== 0) throw new Error(`${what} failed (exit ${run.code}):\n${run.stderr.slice(-2000)}`);
  return run;
}
