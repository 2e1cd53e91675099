import { readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

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

/** The name standard input goes by, as an input and in messages. */
export const STDIN = "-";

/**
 * Reads every input in order. A folder contributes each `*.json` file directly inside it, in name order
 * (the local inbox names files by time, so that is the order reports arrived); other files in it,
 * hidden files and folders are left alone.
 *
 * @param options.inputs - paths, or "-" for standard input
 * @param options.readStdin - reads standard input to its end (called at most once)
 * @returns the texts, or the first input that cannot be read and why
 * @throws TypeError on unknown options
 */
export async function readInputs(options: {
  inputs: readonly string[];
  readStdin: () => Promise<string>;
}): Promise<{ kind: "read"; texts: InputText[] } | { kind: "unreadable"; input: string; reason: string }> {
  const { inputs, readStdin, ...rest } = options;
  rejectUnknownOptions("readInputs", rest);
  const texts: InputText[] = [];
  let stdinRead = false;
  for (const input of inputs) {
    if (input === STDIN) {
      if (!stdinRead) texts.push({ source: "stdin", text: await readStdin() });
      stdinRead = true;
      continue;
    }
    try {
      if ((await stat(input)).isDirectory()) {
        // Folders are left alone even when named *.json: one stray folder must not stop the whole inbox.
        const names = (await readdir(input, { withFileTypes: true }))
          .filter(
            (entry) => !entry.isDirectory() && entry.name.endsWith(".json") && !entry.name.startsWith("."),
          )
          .map((entry) => entry.name);
        // One after another, synchronously: an inbox holds one small file per report, and nothing else
        // runs while they are read. Measured on 500 inbox files: a sixth of the CPU of 16 async reads at a time.
        for (const name of names.sort()) {
          const path = join(input, name);
          texts.push({ source: path, text: readFileSync(path, "utf8") });
        }
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
