import { afterEach, describe, expect, it } from "vitest";
import {
  inspectKey,
  type KeptVerdict,
  type KeyVerdictMemory,
  useKeyVerdictCache,
} from "../../src/roster/inspect-key.ts";
import { fixtureKey, NOW } from "../helpers/content-folder.ts";

const FILE = "keys/ada.asc";
afterEach(() => useKeyVerdictCache(null));

/** A memory in a Map, counting what it was asked and given. */
function mapMemory() {
  const kept = new Map<string, KeptVerdict>();
  const memory: KeyVerdictMemory & { kept: Map<string, KeptVerdict>; sets: number } = {
    kept,
    sets: 0,
    get: (text) => structuredClone(kept.get(text)),
    set(text, verdict) {
      memory.sets += 1;
      kept.set(text, structuredClone(verdict));
    },
  };
  return memory;
}

const at = (iso: string, offsetMs = 0) => new Date(new Date(iso).getTime() + offsetMs);

/** Moments on both sides of a fixture key's instants (never on one: those are never kept). */
async function momentsOf(name: string): Promise<Date[]> {
  const fixture = await fixtureKey(name);
  const instants = [fixture.created, fixture.expires, fixture.encryptionSubkeyExpires].filter(
    (instant): instant is string => typeof instant === "string",
  );
  return [
    NOW,
    at("2019-06-01T00:00:00Z"),
    at("2045-06-01T00:00:00Z"),
    ...instants.flatMap((instant) => [at(instant, -1500), at(instant, 1500)]),
  ];
}

const FIXTURES = [
  "gpg-ed25519",
  "gpg-expired",
  "gpg-revoked",
  "gpg-subkey-expired",
  "gpg-sign-only",
  "gpg-rsa2048",
];

describe("the memory of key verdicts (issue 11)", () => {
  it("gives, at every moment, what openpgp.js gives, whichever moment the verdict was kept at", async () => {
    for (const name of FIXTURES) {
      const { armored } = await fixtureKey(name);
      const moments = await momentsOf(name);
      const fresh = await Promise.all(
        moments.map((now) => inspectKey({ armored, fileName: FILE, now, warnDays: 30 })),
      );
      for (const keptAt of moments) {
        const memory = mapMemory();
        useKeyVerdictCache(memory);
        await inspectKey({ armored, fileName: FILE, now: keptAt, warnDays: 30 });
        for (const [index, now] of moments.entries())
          expect(
            await inspectKey({ armored, fileName: FILE, now, warnDays: 30 }),
            `${name} kept at ${keptAt.toISOString()}, asked at ${now.toISOString()}`,
          ).toEqual(fresh[index]);
      }
    }
  });

  it("issue 14: keeps no verdict on a key made after the moment checked, whose message names that moment", async () => {
    const { armored, created } = await fixtureKey("gpg-ed25519");
    const memory = mapMemory();
    useKeyVerdictCache(memory);
    const daysBefore = (days: number) => at(created, -days * 86_400_000);
    for (const now of [daysBefore(400), daysBefore(30)]) {
      const verdict = await inspectKey({ armored, fileName: FILE, now, warnDays: 30 });
      expect(verdict.problems.map((problem) => problem.message)).toEqual([
        expect.stringContaining(`after the moment it is checked for (${now.toISOString().slice(0, 10)})`),
      ]);
    }
    expect(memory.sets).toBe(0);
  });

  it("answers from the memory between the key's instants, and works the warning out again each time", async () => {
    const { armored } = await fixtureKey("gpg-ed25519");
    const memory = mapMemory();
    useKeyVerdictCache(memory);
    const first = await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 });
    expect(memory.sets).toBe(1);
    // Marked, so an answer from the memory can be told from one from openpgp.js.
    for (const verdict of memory.kept.values()) if (verdict.facts) verdict.facts.algorithm = "remembered";

    const later = await inspectKey({
      armored,
      fileName: FILE,
      now: at("2036-10-20T00:00:00Z"),
      warnDays: 30,
    });
    expect(later.facts?.algorithm).toBe("remembered");
    expect(later.facts?.expires).toEqual(first.facts?.expires);
    expect(later.problems).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringContaining("in 12 days") }),
    ]);

    const expired = await inspectKey({
      armored,
      fileName: FILE,
      now: at("2037-01-01T00:00:00Z"),
      warnDays: 30,
    });
    expect(expired.facts?.algorithm).toBe("ed25519 + cv25519");
    expect(expired.problems[0]?.severity).toBe("error");
  });

  it("checks a key again when its bytes or its file name change", async () => {
    const { armored } = await fixtureKey("gpg-ed25519");
    const memory = mapMemory();
    useKeyVerdictCache(memory);
    await inspectKey({ armored, fileName: FILE, now: NOW, warnDays: 30 });
    await inspectKey({ armored: `${armored}\n`, fileName: FILE, now: NOW, warnDays: 30 });
    await inspectKey({ armored, fileName: "keys/tomas.asc", now: NOW, warnDays: 30 });
    expect(memory.sets).toBe(3);
    const renamed = await inspectKey({
      armored: "not a key",
      fileName: "keys/tomas.asc",
      now: NOW,
      warnDays: 30,
    });
    expect(renamed.problems[0]?.message).toBe("keys/tomas.asc is not an OpenPGP public key.");
  });

  it("never keeps a private key's facts", async () => {
    const { armoredPrivate } = await fixtureKey("gpg-ed25519");
    const memory = mapMemory();
    useKeyVerdictCache(memory);
    const result = await inspectKey({
      armored: armoredPrivate ?? "",
      fileName: FILE,
      now: NOW,
      warnDays: 30,
    });
    expect(result.facts).toBeNull();
    for (const verdict of memory.kept.values()) expect(verdict.facts).toBeNull();
    expect(JSON.stringify([...memory.kept.values()])).not.toContain("PRIVATE KEY BLOCK");
  });
});
