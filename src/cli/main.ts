import { UsageError } from "./args.ts";
import { checkCommand, checkUsage } from "./check-command.ts";
import { inboxCommand, inboxUsage } from "./inbox-command.ts";
import { keygenCommand, keygenUsage } from "./keygen-command.ts";
import { serveCommand, serveUsage } from "./serve-command.ts";

const commands: Record<string, { run: (args: string[]) => Promise<number>; usage: string }> = {
  check: { run: checkCommand, usage: checkUsage },
  inbox: { run: inboxCommand, usage: inboxUsage },
  keygen: { run: keygenCommand, usage: keygenUsage },
  serve: { run: serveCommand, usage: serveUsage },
};

const usage = `Usage: confide <command> [options]

Commands:
${Object.values(commands)
  .map((command) => `  ${command.usage.split("\n")[0]}`)
  .join("\n")}

Run "confide <command> --help" for a command's options.`;

const [name, ...args] = process.argv.slice(2);
const command = name ? commands[name] : undefined;

if (!name || name === "--help" || name === "-h") {
  console.log(usage);
} else if (!command) {
  console.error(`confide: unknown command "${name}".\n\n${usage}`);
  process.exitCode = 2;
} else if (args.includes("--help") || args.includes("-h")) {
  console.log(command.usage);
} else {
  try {
    process.exitCode = await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`confide ${name}: ${error.message}\n\n${command.usage}`);
      process.exitCode = 2;
    } else {
      console.error(`confide ${name}: ${(error as Error).stack ?? error}`);
      process.exitCode = 1;
    }
  }
}
