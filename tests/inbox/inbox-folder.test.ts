import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ciphertextDigest } from "../../src/hook/submission-identity.ts";
import { inboxFolder, recoverTemporaryFiles } from "../../src/inbox/inbox-folder.ts";

const UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const record = (ciphertext: string, extra: Record<string, unknown> = {}) => ({
  reference: "R-7K2M-9QXD",
  version: "1",
  ciphertext,
  receivedAt: "2027-03-01T12:00:00.000Z",
  formId: "form",
  ...extra,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "confide-inbox-folder-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("inboxFolder", () => {
  it("issue 10: stores each version of a reference once, named by time and version", async () => {
    let second = 0;
    const folder = inboxFolder({
      dir,
      now: () => new Date(Date.UTC(2027, 2, 1, 12, 0, second++)),
      log: () => {},
    });
    const submit = async (ciphertext: string) =>
      folder.ledger.record(
        { formId: "form", reference: "R-7K2M-9QXD", digest: await ciphertextDigest(ciphertext) },
        (revision) =>
          folder.backend.deliver(
            { ciphertext, reference: "R-7K2M-9QXD", version: "1", formId: "form", referrer: null },
            revision,
          ),
      );
    expect(await submit("first")).toEqual({ kind: "delivered", revision: 1 });
    expect(await submit("first")).toEqual({ kind: "retry", revision: 1 });
    expect(await submit("edited")).toEqual({ kind: "delivered", revision: 2 });
    // issue 16: the form id is in the name, so copies of one report for several inboxes never collide.
    expect((await readdir(dir)).sort()).toEqual([
      "2027-03-01T120000Z-R-7K2M-9QXD.form.json",
      "2027-03-01T120001Z-R-7K2M-9QXD.form-v2.json",
    ]);
    expect(
      JSON.parse(await readFile(join(dir, "2027-03-01T120001Z-R-7K2M-9QXD.form-v2.json"), "utf8")),
    ).toMatchObject({
      ciphertext: "edited",
      revision: 2,
    });
  });
});

describe("recoverTemporaryFiles", () => {
  it("issue 10: names a whole record a crash left, drops one already stored or cut short, and leaves others alone", async () => {
    await writeFile(
      join(dir, `.2027-03-01T120000Z-R-7K2M-9QXD.json.${UUID}.tmp`),
      JSON.stringify(record("lost")),
    );
    await writeFile(
      join(dir, "2027-03-01T115900Z-R-0000-0001.json"),
      JSON.stringify(record("kept", { reference: "R-0000-0001" })),
    );
    await writeFile(
      join(dir, `.2027-03-01T120100Z-R-0000-0001.json.${UUID}.tmp`),
      JSON.stringify(record("kept", { reference: "R-0000-0001" })),
    );
    await writeFile(
      join(dir, `.2027-03-01T120200Z-R-0000-0002.json.${UUID}.tmp`),
      '{"reference": "R-0000-0002", "ciph',
    );
    await writeFile(join(dir, ".notes.tmp"), "not ours");
    expect(await recoverTemporaryFiles(dir)).toEqual({ recovered: 1, removed: 1 });
    expect((await readdir(dir)).sort()).toEqual([
      ".notes.tmp",
      "2027-03-01T115900Z-R-0000-0001.json",
      "2027-03-01T120000Z-R-7K2M-9QXD.json",
    ]);
    expect(await recoverTemporaryFiles(join(dir, "missing"))).toEqual({ recovered: 0, removed: 0 });
  });
});
