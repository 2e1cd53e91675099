import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { mapInOrder } from "./map-in-order.ts";

/**
 * Reads what `confide decrypt` is given: files, folders (the local inbox: every `*.json` in it) and
 * standard input (`-`). Only reads; what the texts hold is find-messages.ts's business.
 */

/** One text to search for messages, named as the user will recognise it. */
export interface InputText {
  /** the path as given (for a folder, the path of each file in it), or "stdin" */
  source: string;
  text: string;
}

/** How many files of a folder are read at once. */
const FOLDER_READS_AT_ONCE = 16;

/** The name standard input goes by, as an input and in messages. */
export const STDIN = "-";

/**
 * Reads every input in order. A folder contributes each `*.json` file directly inside it, in name order
 * (the local inbox names files by time, so that is the order reports arrived); other files in it and
 * hidden files are left alone.
 *
 * @param options.inputs - paths, or "-" for standard input
 * @param options.readStdin - reads standard input to its end (called at most once)
 * @returns the texts, or the first input that cannot be read and why
 */
export async function readInputs(options: {
  inputs: readonly string[];
  readStdin: () => Promise<string>;
}): Promise<{ kind: "read"; texts: InputText[] } | { kind: "unreadable"; input: string; reason: string }> {
  const texts: InputText[] = [];
  let stdinRead = false;
  for (const input of options.inputs) {
    if (input === STDIN) {
      if (!stdinRead) texts.push({ source: "stdin", text: await options.readStdin() });
      stdinRead = true;
      continue;
    }
    try {
      if ((await stat(input)).isDirectory()) {
        const names = (await readdir(input)).filter(
          (name) => name.endsWith(".json") && !name.startsWith("."),
        );
        // A few files at a time (an inbox holds one file per report, hundreds of them), kept in name order.
        for await (const text of mapInOrder({
          items: names.sort().map((name) => join(input, name)),
          concurrency: FOLDER_READS_AT_ONCE,
          map: async (path) => ({ source: path, text: await readFile(path, "utf8") }),
        }))
          texts.push(text);
      } else {
        texts.push({ source: input, text: await readFile(input, "utf8") });
      }
    } catch (error) {
      return { kind: "unreadable", input, reason: describeFileError(error) };
    }
  }
  return { kind: "read", texts };
}

/**
 * Reads a stream (standard input) to its end as UTF-8.
 *
 * @param stream - the stream
 */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A file system error in words, without the path (the caller names the file).
 *
 * @param error - what fs threw
 */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a folder";
  return code ?? (error instanceof Error ? error.message : String(error));
}
