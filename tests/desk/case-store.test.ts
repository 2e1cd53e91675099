import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newCaseFile } from "../../src/desk/case-file.ts";
import {
  caseFileName,
  deleteCaseFile,
  prepareCaseFolder,
  readCaseFile,
  readCaseFiles,
  writeCaseFile,
} from "../../src/desk/case-store.ts";
import { demoPublicKey } from "../helpers/desk-fixtures.ts";

let dir: string;
beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "confide-store-")), "cases");
});
afterAll(() => rm(join(dir, ".."), { recursive: true, force: true }));

describe("the case folder", () => {
  it("names case files by reference only, and refuses anything that could leave the folder", () => {
    expect(caseFileName("R-7K2M-9QXD")).toBe("R-7K2M-9QXD.case.asc");
    expect(() => caseFileName("../R-7K2M-9QXD")).toThrow(TypeError);
  });

  it("writes a case encrypted, 0600, in a 0700 folder, replacing the old file and leaving no temporary file", async () => {
    await prepareCaseFolder(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const caseFile = newCaseFile({
      reference: "R-7K2M-9QXD",
      report: "secret words",
      receivedAt: null,
      now: new Date(),
    });
    const recipientKeys = [await demoPublicKey("ada")];
    await writeCaseFile({ dir, caseFile, recipientKeys });
    const first = await readFile(join(dir, "R-7K2M-9QXD.case.asc"), "utf8");
    await writeCaseFile({ dir, caseFile: { ...caseFile, owner: "Ada" }, recipientKeys });
    expect(await readdir(dir)).toEqual(["R-7K2M-9QXD.case.asc"]);
    const second = await readCaseFile(dir, "R-7K2M-9QXD");
    expect(second).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(second).not.toBe(first);
    expect(second).not.toContain("secret words");
    expect((await stat(join(dir, "R-7K2M-9QXD.case.asc"))).mode & 0o777).toBe(0o600);
    // Padded like a report: a longer note does not make a longer file until it crosses 4 KiB.
    await writeCaseFile({ dir, caseFile: { ...caseFile, owner: "A much longer owner name" }, recipientKeys });
    expect((await readCaseFile(dir, "R-7K2M-9QXD"))?.length).toBe(second?.length);
  });

  it("reads only case files, and deletes one by reference", async () => {
    await writeFile(join(dir, "notes.txt"), "not a case");
    await writeFile(join(dir, ".hidden.case.asc"), "hidden");
    expect((await readCaseFiles(dir)).map((file) => file.name)).toEqual(["R-7K2M-9QXD.case.asc"]);
    expect(await readCaseFile(dir, "R-0000-0000")).toBeNull();
    await deleteCaseFile(dir, "R-7K2M-9QXD");
    expect(await readCaseFiles(dir)).toEqual([]);
  });
});
