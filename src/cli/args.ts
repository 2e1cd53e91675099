import { type ParseArgsConfig, parseArgs } from "node:util";

/** A command-line mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Parses a subcommand's arguments with node:util's parseArgs, turning its errors into UsageErrors
 * that name the bad option. Arguments other than options are refused unless the command reads them:
 * `confide check mysite` would otherwise check ./content and say it is ready to publish.
 *
 * @param args - the arguments after the subcommand's name
 * @param options - the options it takes, as parseArgs reads them
 * @param takes.positionals - whether it reads other arguments (input files, an address)
 * @throws UsageError naming an unknown option, a missing value or an argument it does not read
 */
export function parseCommandArgs<const T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
  takes: { positionals: boolean } = { positionals: false },
) {
  const parsed = parseOrExplain(args, options);
  const [extra] = parsed.positionals;
  if (!takes.positionals && extra !== undefined) {
    throw new UsageError(
      `unexpected argument "${extra}".${"content" in options ? ` A content folder is given as --content ${extra}.` : ""}`,
    );
  }
  return parsed;
}

/** parseArgs, strict, with its errors as UsageErrors; other arguments are left to the caller. */
function parseOrExplain<const T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Reads a duration such as "30d", "2w" or "45" (days) into a number of days.
 *
 * @param value - the text the user typed
 */
export function parseDays(value: string): number {
  const match = /^(\d+)\s*(d|days?|w|weeks?)?$/i.exec(value.trim());
  if (!match)
    throw new UsageError(
      `"${value}" is not a duration: write a number of days such as 30d, or weeks such as 4w.`,
    );
  const amount = Number(match[1]);
  return match[2]?.toLowerCase().startsWith("w") ? amount * 7 : amount;
}

/**
 * A TCP port typed on the command line or in $PORT: digits only, 0 to 65535 (0: any free port).
 * Number() alone reads "" as 0, " 80 " as 80 and "0x50" as 80.
 *
 * @param value - the text the user typed
 * @throws UsageError naming the text when it is not a port number
 */
export function parsePort(value: string): number {
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) throw new UsageError(`"${value}" is not a port number.`);
  return port;
}
