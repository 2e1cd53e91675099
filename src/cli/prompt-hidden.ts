import { openSync } from "node:fs";
import { ReadStream, WriteStream } from "node:tty";

/**
 * Asks a question on the terminal and reads the answer without echoing it: for passphrases. The
 * terminal is standard input when that is one, or else /dev/tty (so `cat export.csv | confide decrypt`
 * can still ask). Raw mode is always switched off again, however the prompt ends.
 *
 * @param question - the prompt, such as "Passphrase for key.asc: "
 * @returns the answer; `cancelled` on Ctrl+C or Ctrl+D; `no-terminal` when there is no terminal to ask on
 */
export async function promptHidden(
  question: string,
): Promise<{ kind: "answer"; answer: string } | { kind: "cancelled" } | { kind: "no-terminal" }> {
  const terminal = openTerminal();
  if (!terminal) return { kind: "no-terminal" };
  const { input, output, close } = terminal;
  const wasRaw = input.isRaw;
  // Raw mode (no echo) before the prompt shows: whatever is typed once it shows is never echoed.
  input.setRawMode(true);
  output.write(question);
  input.resume();
  try {
    return await new Promise((resolve) => {
      let answer = "";
      const finish = (result: { kind: "answer"; answer: string } | { kind: "cancelled" }) => {
        input.off("data", onData);
        output.write("\n");
        resolve(result);
      };
      const onData = (chunk: Buffer | string) => {
        for (const char of typeof chunk === "string" ? chunk : chunk.toString("utf8")) {
          if (char === "\r" || char === "\n") return finish({ kind: "answer", answer });
          if (char === "\u0003") return finish({ kind: "cancelled" });
          if (char === "\u0004") {
            if (answer === "") return finish({ kind: "cancelled" });
          } else if (char === "\u007f" || char === "\b") {
            answer = [...answer].slice(0, -1).join("");
          } else if (char === "\u0015") {
            answer = ""; // Ctrl+U: start again
          } else if (char >= " ") {
            answer += char;
          }
        }
      };
      input.on("data", onData);
    });
  } finally {
    input.setRawMode(wasRaw);
    input.pause();
    close();
  }
}

function openTerminal(): { input: ReadStream; output: NodeJS.WritableStream; close: () => void } | undefined {
  if (process.stdin.isTTY) {
    return { input: process.stdin as ReadStream, output: process.stderr, close: () => {} };
  }
  let fd: number;
  try {
    fd = openSync("/dev/tty", "r+");
  } catch {
    return undefined;
  }
  const input = new ReadStream(fd);
  const output = new WriteStream(fd);
  return {
    input,
    output,
    close: () => {
      input.destroy();
    },
  };
}
