import { UsageError } from "./args.ts";

/** A subcommand: its one-line synopsis, and its module, loaded only when it runs. */
interface Command {
  synopsis: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number>; usage: string }>;
}

// Commands are imported on demand: `confide decrypt` should not pay for Eleventy, esbuild and the
// site server that `serve` needs (about half a second of start-up).
const commands: Record<string, Command> = {
  build: {
    synopsis: "confide build [--content DIR] [--out DIR]",
    load: async () => {
      const m = await import("./build-command.ts");
      return { run: m.buildCommand, usage: m.buildUsage };
    },
  },
  check: {
    synopsis: "confide check [--content DIR] [--expiring-within 30d] [--strict]",
    load: async () => {
      const m = await import("./check-command.ts");
      return { run: m.checkCommand, usage: m.checkUsage };
    },
  },
  decrypt: {
    synopsis:
      "confide decrypt --key FILE [--passphrase-file F] [--out DIR] [--gpg] [--content DIR] [INPUT...]",
    load: async () => {
      const m = await import("./decrypt-command.ts");
      return { run: m.decryptCommand, usage: m.decryptUsage };
    },
  },
  desk: {
    synopsis:
      "confide desk [--content DIR] [--cases DIR] [--key FILE [--passphrase-file F] | --gpg] [--port P] [--no-open] [INPUT...]",
    load: async () => {
      const m = await import("./desk-command.ts");
      return { run: m.deskCommand, usage: m.deskUsage };
    },
  },
  inbox: {
    synopsis: "confide inbox [--port P] [--dir D] [--form-id ID] [--host H] [--allow-origin URL]",
    load: async () => {
      const m = await import("./inbox-command.ts");
      return { run: m.inboxCommand, usage: m.inboxUsage };
    },
  },
  keygen: {
    synopsis: "confide keygen --id ID --name NAME --email EMAIL [--private-out FILE] [--rsa] [--expires 2y]",
    load: async () => {
      const m = await import("./keygen-command.ts");
      return { run: m.keygenCommand, usage: m.keygenUsage };
    },
  },
  verify: {
    synopsis: "confide verify URL [--content DIR] [--form-endpoint same-origin|URL] [--ignore-headers]",
    load: async () => {
      const m = await import("./verify-command.ts");
      return { run: m.verifyCommand, usage: m.verifyUsage };
    },
  },
  serve: {
    synopsis: "confide serve [--port P] [--content DIR] [--out DIR] [--inbox DIR] [--no-build]",
    load: async () => {
      const m = await import("./serve-command.ts");
      return { run: m.serveCommand, usage: m.serveUsage };
    },
  },
};

const usage = `Usage: confide <command> [options]

Commands:
${Object.values(commands)
  .map((command) => `  ${command.synopsis}`)
  .join("\n")}

Run "confide <command> --help" for a command's options.`;

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!name || name === "--help" || name === "-h") {
  console.log(usage);
} else if (!command) {
  console.error(`confide: unknown command "${name}".\n\n${usage}`);
  process.exitCode = 2;
} else {
  const { run, usage: commandUsage } = await command.load();
  if (args.includes("--help") || args.includes("-h")) {
    console.log(commandUsage);
  } else {
    try {
      process.exitCode = await run(args);
    } catch (error) {
      if (error instanceof UsageError) {
        console.error(`confide ${name}: ${error.message}\n\n${commandUsage}`);
        process.exitCode = 2;
      } else {
        console.error(`confide ${name}: ${(error as Error).stack ?? error}`);
        process.exitCode = 1;
      }
    }
  }
}
