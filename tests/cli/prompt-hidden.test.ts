import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { promptHidden } from "../../src/cli/prompt-hidden.ts";

/** A terminal on standard input that records raw mode and what was written on standard error. */
function fakeTerminal() {
  const input = Object.assign(new EventEmitter(), {
    isTTY: true,
    isRaw: false,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      this.isRaw = mode;
      this.rawModes.push(mode);
      return this;
    },
    resume() {
      return this;
    },
    pause() {
      return this;
    },
  });
  const original = Object.getOwnPropertyDescriptor(process, "stdin");
  Object.defineProperty(process, "stdin", { value: input, configurable: true });
  const written: string[] = [];
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  const restore = () => {
    if (original) Object.defineProperty(process, "stdin", original);
  };
  return { input, written, restore };
}

let restore = () => {};
afterEach(() => {
  restore();
  vi.restoreAllMocks();
});

/** Prompts, types the keys (each string one chunk, as a terminal sends them), and gives the result. */
async function typed(...chunks: string[]) {
  const terminal = fakeTerminal();
  restore = terminal.restore;
  const result = promptHidden("Passphrase for ada.sec.asc: ");
  for (const chunk of chunks) terminal.input.emit("data", Buffer.from(chunk, "utf8"));
  return { result: await result, terminal };
}

describe("promptHidden", () => {
  it("reads the answer up to Enter without echoing it, in raw mode switched off again after", async () => {
    const { result, terminal } = await typed("correct ", "horse\r", "ignored after Enter\r");
    expect(result).toEqual({ kind: "answer", answer: "correct horse" });
    expect(terminal.written).toEqual(["Passphrase for ada.sec.asc: ", "\n"]);
    expect(terminal.input.rawModes).toEqual([true, false]);
    expect(terminal.input.listenerCount("data")).toBe(0);
  });

  it("keeps any script, and erases one whole character with backspace, an emoji included", async () => {
    expect((await typed("pässwörd🔑\u007f\u007fd\n")).result).toEqual({ kind: "answer", answer: "pässwörd" });
    expect((await typed("ab\bc\r")).result).toEqual({ kind: "answer", answer: "ac" });
  });

  it("starts again on Ctrl+U and ignores other control characters", async () => {
    expect((await typed("wrong\u0015right\u001b\t\r")).result).toEqual({ kind: "answer", answer: "right" });
  });

  it("gives an empty answer for Enter alone", async () => {
    expect((await typed("\r")).result).toEqual({ kind: "answer", answer: "" });
  });

  it("is cancelled by Ctrl+C at any point, and by Ctrl+D on an empty line only", async () => {
    expect((await typed("half\u0003")).result).toEqual({ kind: "cancelled" });
    expect((await typed("\u0004")).result).toEqual({ kind: "cancelled" });
    expect((await typed("x\u0004y\r")).result).toEqual({ kind: "answer", answer: "xy" });
  });

  it("restores the raw mode the terminal was in before", async () => {
    const terminal = fakeTerminal();
    restore = terminal.restore;
    terminal.input.isRaw = true;
    const result = promptHidden("? ");
    terminal.input.emit("data", "x\r");
    await result;
    expect(terminal.input.rawModes).toEqual([true, true]);
  });
});
