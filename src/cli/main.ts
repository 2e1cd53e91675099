import { UsageError } from "./args.ts";

/** A subcommand: its usage and its code, each loaded only when needed. */
interface Command {
  /** The usage text (its first line is the synopsis), from a module that imports nothing. */
  usage: () => Promise<string>;
  /** The command itself, with everything it imports. */
  load: () => Promise<(args: string[]) => Promise<number>>;
}

// Commands and their usages are imported on demand: `confide decrypt` should not pay for Eleventy,
// esbuild and the site server that `serve` needs, and `confide decrypt --help` not even for OpenPGP.
const commands: Record<string, Command> = {
  build: {
    usage: async () => (await import("./build-usage.ts")).buildUsage,
    load: async () => (await import("./build-command.ts")).buildCommand,
  },
  check: {
    usage: async () => (await import("./check-usage.ts")).checkUsage,
    load: async () => (await import("./check-command.ts")).checkCommand,
  },
  decrypt: {
    usage: async () => (await import("./decrypt-usage.ts")).decryptUsage,
    load: async () => (await import("./decrypt-command.ts")).decryptCommand,
  },
  desk: {
    usage: async () => (await import("./desk-usage.ts")).deskUsage,
    load: async () => (await import("./desk-command.ts")).deskCommand,
  },
  inbox: {
    usage: async () => (await import("./inbox-usage.ts")).inboxUsage,
    load: async () => (await import("./inbox-command.ts")).inboxCommand,
  },
  keygen: {
    usage: async () => (await import("./keygen-usage.ts")).keygenUsage,
    load: async () => (await import("./keygen-command.ts")).keygenCommand,
  },
  verify: {
    usage: async () => (await import("./verify-usage.ts")).verifyUsage,
    load: async () => (await import("./verify-command.ts")).verifyCommand,
  },
  serve: {
    usage: async () => (await import("./serve-usage.ts")).serveUsage,
    load: async () => (await import("./serve-command.ts")).serveCommand,
  },
};

/** `confide --help`: each command's synopsis, the first line of its usage. */
async function overallUsage(): Promise<string> {
  const synopses = await Promise.all(
    Object.values(commands).map(async (command) => (await command.usage()).split("\n")[0]),
  );
  return `Usage: confide <command> [options]

Commands:
${synopses.map((synopsis) => `  ${synopsis}`).join("\n")}

Run "confide <command> --help" for a command's options.`;
}

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!name || name === "--help" || name === "-h") {
  console.log(await overallUsage());
} else if (!command) {
  console.error(`confide: unknown command "${name}".\n\n${await overallUsage()}`);
  process.exitCode = 2;
} else if (args.includes("--help") || args.includes("-h")) {
  console.log(await command.usage());
} else {
  // Eleventy registers a module-resolution hook when it is imported, so that watch mode can re-import
  // a changed JavaScript data or configuration file; on Node 20 the hook runs in a worker thread that
  // every later import waits on. Confide imports no JavaScript from the content folder (its data is
  // YAML, its configuration a function), so the hook only costs time: Eleventy's own switch turns it
  // off (https://github.com/11ty/eleventy/issues/3371). Set before any command imports Eleventy.
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
  const run = await command.load();
  try {
    process.exitCode = await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`confide ${name}: ${error.message}\n\n${await command.usage()}`);
      process.exitCode = 2;
    } else {
      console.error(`confide ${name}: ${(error as Error).stack ?? error}`);
      process.exitCode = 1;
    }
  }
}
