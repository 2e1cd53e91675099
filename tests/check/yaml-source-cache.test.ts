import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openDigestMemory } from "../../src/build/digest-memory.ts";
import type { YamlSourceFacts } from "../../src/check/yaml-source.ts";
import { parseYamlSource, useYamlSourceCache, type YamlSource } from "../../src/check/yaml-source.ts";

/** A memory of parsed files in its own file. */
const openYamlSourceCache = (options: { file: string; key: string }) =>
  openDigestMemory<YamlSourceFacts>(options);

const dir = await mkdtemp(join(tmpdir(), "confide-yaml-cache-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => useYamlSourceCache(null));

const ROSTER = `responders:
  - id: ada
    name: "Ada Example"
    languages: [en, fi]
    note: |
      Two
      lines
  - id: tomas
    name: Tomás Ñandú
    email:
count: 3
`;

/** Every answer a source gives about ROSTER, so a parse and a remembered parse can be compared. */
function answers(source: YamlSource) {
  const paths: PropertyKey[][] = [
    [],
    ["responders"],
    ["responders", 0],
    ["responders", 0, "name"],
    ["responders", 0, "languages", 1],
    ["responders", 0, "note"],
    ["responders", 1, "email"],
    ["responders", 1, "missing", "deeper"],
    ["responders", 5, "id"],
    ["responders", "0"],
    ["count", "beyond"],
    ["nothing"],
  ];
  return {
    value: source.value,
    file: source.file,
    positions: paths.map((path) => source.positionOf(path)),
    keys: paths.map((path) => source.positionOf(path, { key: true })),
    strings: source.strings(),
  };
}

const parse = (text: string) => {
  const { source, diagnostics } = parseYamlSource("_data/roster.yaml", text);
  return { source, diagnostics };
};

describe("the memory of parsed YAML files (issue 11)", () => {
  it("answers a file it parsed before exactly as a parse does, after a round trip through disk", async () => {
    const file = join(dir, "round-trip.json");
    const fresh = parse(ROSTER).source;
    if (!fresh) throw new Error("no source");

    const first = await openYamlSourceCache({ file, key: "k" });
    useYamlSourceCache(first);
    parse(ROSTER);
    await first.save();

    const second = await openYamlSourceCache({ file, key: "k" });
    expect(second.get(ROSTER)).toBeDefined();
    useYamlSourceCache(second);
    const remembered = parse(ROSTER).source;
    if (!remembered) throw new Error("no source");
    expect(answers(remembered)).toEqual(answers(fresh));
  });

  it("parses a file again when its bytes change, and forgets files a run did not use", async () => {
    const file = join(dir, "changed.json");
    const first = await openYamlSourceCache({ file, key: "k" });
    useYamlSourceCache(first);
    parse(ROSTER);
    await first.save();

    const changed = ROSTER.replace("count: 3", "count: 4");
    const second = await openYamlSourceCache({ file, key: "k" });
    expect(second.get(changed)).toBeUndefined();
    useYamlSourceCache(second);
    expect(parse(changed).source?.value).toMatchObject({ count: 4 });
    await second.save();

    const third = await openYamlSourceCache({ file, key: "k" });
    expect(third.get(changed)?.value).toMatchObject({ count: 4 });
    expect(third.get(ROSTER)).toBeUndefined();
  });

  it("is empty for another key (another yaml version) or an unreadable record", async () => {
    const file = join(dir, "key.json");
    const first = await openYamlSourceCache({ file, key: "yaml@1" });
    useYamlSourceCache(first);
    parse(ROSTER);
    await first.save();
    expect((await openYamlSourceCache({ file, key: "yaml@2" })).get(ROSTER)).toBeUndefined();

    await writeFile(file, "{ not json");
    expect((await openYamlSourceCache({ file, key: "yaml@1" })).get(ROSTER)).toBeUndefined();
  });

  it("never remembers a file with a problem, so its diagnostics stay those of a parse", async () => {
    const file = join(dir, "problems.json");
    const broken = "a: 1\na: 2\n";
    const expected = parse(broken).diagnostics;
    expect(expected).toHaveLength(1);
    const memory = await openYamlSourceCache({ file, key: "k" });
    useYamlSourceCache(memory);
    expect(parse(broken).diagnostics).toEqual(expected);
    expect(memory.get(broken)).toBeUndefined();
    await memory.save();
    await expect(readFile(file, "utf8")).rejects.toThrow(); // nothing added: nothing written
  });

  it("does not remember values JSON would change (.inf, .nan), and hands out copies", async () => {
    const memory = await openYamlSourceCache({ file: join(dir, "json.json"), key: "k" });
    useYamlSourceCache(memory);
    expect(parse("big: .inf\n").source?.value).toEqual({ big: Number.POSITIVE_INFINITY });
    expect(memory.get("big: .inf\n")).toBeUndefined();

    const value = parse(ROSTER).source?.value as { count: number };
    value.count = 99;
    expect((parse(ROSTER).source?.value as { count: number }).count).toBe(3);
  });
});
