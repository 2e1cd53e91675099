import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sha256 } from "../../src/build/bundle-cache.ts";
import {
  installedVersion,
  openDigestMemory,
  projectDigestMemory,
  siblingModule,
} from "../../src/build/digest-memory.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";

const dir = await mkdtemp(join(tmpdir(), "confide-digest-memory-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("openDigestMemory (issue 11)", () => {
  it("finds an answer by its text after a round trip through disk, and only for the same key", async () => {
    const file = join(dir, "round.json");
    const first = await openDigestMemory<{ n: number }>({ file, key: "v1" });
    first.set("text", { n: 1 });
    await first.save();
    expect((await openDigestMemory<{ n: number }>({ file, key: "v1" })).get("text")).toEqual({ n: 1 });
    expect((await openDigestMemory<{ n: number }>({ file, key: "v1" })).get("text ")).toBeUndefined();
    expect((await openDigestMemory<{ n: number }>({ file, key: "v2" })).get("text")).toBeUndefined();
    await writeFile(file, "not json");
    expect((await openDigestMemory<{ n: number }>({ file, key: "v1" })).get("text")).toBeUndefined();
  });

  it("keeps only the answers a run used, writes nothing when nothing was added, and hands out copies", async () => {
    const file = join(dir, "used.json");
    const first = await openDigestMemory<{ n: number }>({ file, key: "k" });
    first.set("a", { n: 1 });
    first.set("b", { n: 2 });
    await first.save();
    const second = await openDigestMemory<{ n: number }>({ file, key: "k" });
    const a = second.get("a");
    if (a) a.n = 99;
    expect(second.get("a")).toEqual({ n: 1 });
    await second.save();
    expect(Object.keys(JSON.parse(await readFile(file, "utf8")).entries)).toHaveLength(2); // nothing added: not written
    second.set("c", { n: 3 });
    await second.save();
    const third = await openDigestMemory<{ n: number }>({ file, key: "k" });
    expect([third.get("a"), third.get("b"), third.get("c")]).toEqual([{ n: 1 }, undefined, { n: 3 }]);
  });

  it("rejects unknown options, and reads a dependency's version without loading it", async () => {
    await expect(
      openDigestMemory({ file: join(dir, "x.json"), key: "k", extra: 1 } as never),
    ).rejects.toThrow(/extra/);
    expect(
      await installedVersion({ packageJson: join(PROJECT_ROOT, "node_modules/yaml/package.json") }),
    ).toMatch(/^\d+\.\d+\.\d+/);
    expect(await installedVersion({ packageJson: join(dir, "missing.json") })).toBe("unknown");
  });
});

describe("projectDigestMemory (issue 11)", () => {
  it("finds and keeps nothing with CONFIDE_DIGEST_MEMORY=off (for tests that count parses)", async () => {
    const before = process.env.CONFIDE_DIGEST_MEMORY;
    process.env.CONFIDE_DIGEST_MEMORY = "off";
    try {
      const memory = await projectDigestMemory<{ n: number }>({
        name: "unused-test",
        format: "t/1",
        dependency: "yaml",
        maker: import.meta.url,
      });
      memory.set("text", { n: 1 });
      expect(memory.get("text")).toBeUndefined();
      await memory.save();
      await expect(
        readFile(join(PROJECT_ROOT, "node_modules/.cache/confide/unused-test.source.json")),
      ).rejects.toThrow();
    } finally {
      if (before === undefined) delete process.env.CONFIDE_DIGEST_MEMORY;
      else process.env.CONFIDE_DIGEST_MEMORY = before;
    }
  });

  it("keys its record by the code that works the answers out, one record for each copy of that code", async () => {
    const makerDir = await mkdtemp(join(tmpdir(), "confide-maker-"));
    const maker = join(makerDir, "maker.ts");
    await writeFile(maker, "export const answer = 1;\n");
    const name = `maker-test-${process.pid}-${Date.now()}`;
    const record = join(PROJECT_ROOT, `node_modules/.cache/confide/${name}.source.json`);
    vi.stubEnv("CONFIDE_DIGEST_MEMORY", "");
    try {
      const memory = await projectDigestMemory<{ n: number }>({
        name,
        format: "t/1",
        dependency: "yaml",
        maker: pathToFileURL(maker).href,
      });
      memory.set("text", { n: 1 });
      await memory.save();
      const { key } = JSON.parse(await readFile(record, "utf8"));
      expect(key).toContain(sha256(await readFile(maker)));
    } finally {
      await rm(record, { force: true });
      await rm(makerDir, { recursive: true, force: true });
    }
  });

  it("names a memory's maker beside the module that opens it, in that module's copy of the code", () => {
    expect(siblingModule("file:///p/src/roster/key-verdict-cache.ts", "inspect-key")).toBe(
      "file:///p/src/roster/inspect-key.ts",
    );
    expect(siblingModule("file:///p/dist/src/roster/key-verdict-cache.js", "inspect-key")).toBe(
      "file:///p/dist/src/roster/inspect-key.js",
    );
  });
});
