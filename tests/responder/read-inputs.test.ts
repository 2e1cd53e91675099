import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeFileError, readInputs, readStream, STDIN } from "../../src/responder/read-inputs.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "confide-read-inputs-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A standard input that counts how often it is read. */
function countingStdin(text: string) {
  const stdin = {
    reads: 0,
    read: async () => {
      stdin.reads++;
      return text;
    },
  };
  return stdin;
}

const noStdin = async (): Promise<string> => {
  throw new Error("standard input was read, but no input asked for it");
};

describe("readInputs", () => {
  it("reads files in the order given, each named by the path as given", async () => {
    await writeFile(join(dir, "b.txt"), "second");
    await writeFile(join(dir, "a.txt"), "first");
    const result = await readInputs({ inputs: [join(dir, "b.txt"), join(dir, "a.txt")], readStdin: noStdin });
    expect(result).toEqual({
      kind: "read",
      texts: [
        { source: join(dir, "b.txt"), text: "second" },
        { source: join(dir, "a.txt"), text: "first" },
      ],
    });
  });

  it("reads a folder's *.json files in name order and leaves other and hidden files alone", async () => {
    const inbox = join(dir, "inbox");
    await mkdir(inbox);
    await writeFile(join(inbox, "2027-03-02.json"), "middle");
    await writeFile(join(inbox, "2027-03-03.json"), "last");
    await writeFile(join(inbox, "2027-03-01.json"), "first");
    await writeFile(join(inbox, ".hidden.json"), "hidden");
    await writeFile(join(inbox, "notes.txt"), "notes");
    await writeFile(join(inbox, "report.json.bak"), "backup");
    expect(await readInputs({ inputs: [inbox], readStdin: noStdin })).toEqual({
      kind: "read",
      texts: [
        { source: join(inbox, "2027-03-01.json"), text: "first" },
        { source: join(inbox, "2027-03-02.json"), text: "middle" },
        { source: join(inbox, "2027-03-03.json"), text: "last" },
      ],
    });
  });

  it("issue 13: reads an inbox holding a folder named *.json, leaving the folder alone", async () => {
    const inbox = join(dir, "inbox");
    await mkdir(join(inbox, "old.json"), { recursive: true });
    await writeFile(join(inbox, "old.json", "report.json"), "nested");
    await writeFile(join(inbox, "2027-03-01.json"), "report");
    expect(await readInputs({ inputs: [inbox], readStdin: noStdin })).toEqual({
      kind: "read",
      texts: [{ source: join(inbox, "2027-03-01.json"), text: "report" }],
    });
  });

  it("reads standard input once, however often - is given, named stdin", async () => {
    await writeFile(join(dir, "a.txt"), "file");
    const stdin = countingStdin("piped");
    const result = await readInputs({ inputs: [STDIN, join(dir, "a.txt"), STDIN], readStdin: stdin.read });
    expect(result).toEqual({
      kind: "read",
      texts: [
        { source: "stdin", text: "piped" },
        { source: join(dir, "a.txt"), text: "file" },
      ],
    });
    expect(stdin.reads).toBe(1);
  });

  it("gives an empty list for no inputs and never reads standard input", async () => {
    expect(await readInputs({ inputs: [], readStdin: noStdin })).toEqual({ kind: "read", texts: [] });
  });

  it("refuses an unknown option by name, before reading anything", async () => {
    await expect(readInputs({ inputs: [], readStdin: noStdin, input: ["x"] } as never)).rejects.toThrow(
      /readInputs: unknown option input/,
    );
  });

  it("stops at the first input that cannot be read and says why, in words", async () => {
    await writeFile(join(dir, "a.txt"), "file");
    const missing = join(dir, "missing.json");
    const result = await readInputs({ inputs: [join(dir, "a.txt"), missing, STDIN], readStdin: noStdin });
    expect(result).toEqual({ kind: "unreadable", input: missing, reason: "no such file or folder" });
  });

  it.skipIf(process.getuid?.() === 0)("names a file it may not read as permission denied", async () => {
    const locked = join(dir, "locked.json");
    await writeFile(locked, "secret");
    await chmod(locked, 0o000);
    expect(await readInputs({ inputs: [locked], readStdin: noStdin })).toEqual({
      kind: "unreadable",
      input: locked,
      reason: "permission denied",
    });
  });
});

describe("readStream", () => {
  it("joins string and byte chunks as UTF-8, a character split across chunks included", async () => {
    const bytes = Buffer.from("ü", "utf8");
    const stream = Readable.from(["caf", bytes.subarray(0, 1), bytes.subarray(1), "!"]);
    expect(await readStream(stream)).toBe("cafü!");
  });

  it("reads an empty stream as the empty string", async () => {
    expect(await readStream(Readable.from([]))).toBe("");
  });
});

describe("describeFileError", () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: something`), { code });

  it("puts the common file system errors in words, without the path", () => {
    expect(describeFileError(errno("ENOENT"))).toBe("no such file or folder");
    expect(describeFileError(errno("EACCES"))).toBe("permission denied");
    expect(describeFileError(errno("EPERM"))).toBe("permission denied");
    expect(describeFileError(errno("EISDIR"))).toBe("it is a folder");
  });

  it("falls back to the error's code, then its message, then the value itself", () => {
    expect(describeFileError(errno("EMFILE"))).toBe("EMFILE");
    expect(describeFileError(new Error("disk on fire"))).toBe("disk on fire");
    expect(describeFileError("plain string")).toBe("plain string");
  });
});
