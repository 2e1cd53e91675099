import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unlockGpg, unlockKeyFile } from "../../src/desk/desk-identity.ts";
import { createDeskSession } from "../../src/desk/desk-session.ts";
import { type DeskSite, loadDeskSite } from "../../src/desk/desk-site.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { demoPrivateKeyPath, demoPublicKey, demoReport, protectedDemoKey } from "../helpers/desk-fixtures.ts";
import { runGpg } from "../helpers/gpg.ts";

let home: string;
let emptyHome: string;
let casesDir: string;
let site: DeskSite;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "confide-gpg-"));
  emptyHome = await mkdtemp(join(tmpdir(), "confide-gpg-"));
  casesDir = await mkdtemp(join(tmpdir(), "confide-cases-"));
  const imported = await runGpg(home, ["--import"], {
    input: await readFile(demoPrivateKeyPath("ada"), "utf8"),
  });
  if (imported.code !== 0) throw new Error(imported.stderr);
  const loaded = await loadDeskSite({ dir: EXAMPLE_CONTENT, now: new Date() });
  if (loaded.kind !== "site") throw new Error(loaded.message);
  site = loaded.site;
}, 30_000);

afterAll(async () => {
  for (const dir of [home, emptyHome]) {
    await new Promise((resolve) =>
      spawn("gpgconf", ["--homedir", dir, "--kill", "all"]).on("close", resolve).on("error", resolve),
    );
    await rm(dir, { recursive: true, force: true });
  }
  await rm(casesDir, { recursive: true, force: true });
});

describe("unlocking the desk", () => {
  it("asks for the passphrase of a protected key file, refuses a wrong one and a public key", async () => {
    const key = new TextEncoder().encode(await protectedDemoKey("mei", "s3cret"));
    expect(await unlockKeyFile({ key })).toEqual({ kind: "needs-passphrase" });
    expect(await unlockKeyFile({ key, passphrase: "wrong" })).toEqual({ kind: "wrong-passphrase" });
    const unlocked = await unlockKeyFile({ key, passphrase: "s3cret" });
    expect(unlocked.kind === "unlocked" && unlocked.identity.fingerprints).toEqual([
      "7FCF798F6B9F6DCE4E0BBE0EA33B397F935C91A5",
    ]);
    const publicOnly = await unlockKeyFile({ key: new TextEncoder().encode(await demoPublicKey("ada")) });
    expect(publicOnly).toMatchObject({ kind: "refused", reason: expect.stringMatching(/only a public key/) });
  });

  it("uses the GnuPG keyring with --gpg: it finds the roster key it holds, and its case files open with the key file", {
    timeout: 30_000,
  }, async () => {
    const env = { ...process.env, GNUPGHOME: home };
    const unlocked = await unlockGpg({ team: site.team, env });
    if (unlocked.kind !== "unlocked") throw new Error(unlocked.reason);
    expect(unlocked.identity.fingerprints).toEqual(["9D5721AD485C3B63B26CC8AFCD9202DE592E486D"]);

    const viaGpg = createDeskSession({ site, casesDir });
    await viaGpg.unlock(unlocked.identity);
    const report = await demoReport({
      reference: "R-GPG0-0001",
      to: ["ada", "mei"],
      answers: { what: "decrypted by gpg" },
      submittedAt: new Date("2027-06-05T14:03:27Z"),
    });
    const result = await viaGpg.importTexts([{ source: "report.asc", text: report }]);
    expect(result).toMatchObject({ kind: "imported", summary: { added: ["R-GPG0-0001"] } });
    await viaGpg.change("R-GPG0-0001", { kind: "add-note", id: "", author: "", text: "noted with gpg" });

    const keyFile = await unlockKeyFile({ key: await readFile(demoPrivateKeyPath("mei")) });
    if (keyFile.kind !== "unlocked") throw new Error(keyFile.kind);
    const viaKeyFile = createDeskSession({ site, casesDir });
    await viaKeyFile.unlock(keyFile.identity);
    expect(viaKeyFile.view("R-GPG0-0001")?.notes.map((note) => [note.author, note.text])).toEqual([
      ["Adaeze Okafor", "noted with gpg"],
    ]);
  });

  it("refuses a GnuPG keyring that holds no responder's key, and says what to do", async () => {
    expect(await unlockGpg({ team: site.team, env: { ...process.env, GNUPGHOME: emptyHome } })).toEqual({
      kind: "refused",
      reason: expect.stringMatching(/no secret key in your GnuPG keyring belongs to a responder.*--key FILE/),
    });
  });
});
