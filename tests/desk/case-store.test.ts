import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_CASE_FILE_BYTES, newCaseFile } from "../../src/desk/case-file.ts";
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
    const read = await readCaseFile(dir, "R-7K2M-9QXD");
    const second = read.kind === "file" ? read.armored : "";
    expect(second).toMatch(/^-----BEGIN PGP MESSAGE-----/);
    expect(second).not.toBe(first);
    expect(second).not.toContain("secret words");
    expect((await stat(join(dir, "R-7K2M-9QXD.case.asc"))).mode & 0o777).toBe(0o600);
    // Padded like a report: a longer note does not make a longer file until it crosses 4 KiB.
    await writeCaseFile({ dir, caseFile: { ...caseFile, owner: "A much longer owner name" }, recipientKeys });
    const third = await readCaseFile(dir, "R-7K2M-9QXD");
    expect(third.kind === "file" && third.armored.length).toBe(second.length);
  });

  it("reads only case files, and deletes one by reference", async () => {
    await writeFile(join(dir, "notes.txt"), "not a case");
    await writeFile(join(dir, ".hidden.case.asc"), "hidden");
    expect((await readCaseFiles(dir)).map((file) => file.name)).toEqual(["R-7K2M-9QXD.case.asc"]);
    expect(await readCaseFile(dir, "R-0000-0000")).toEqual({ kind: "missing" });
    await deleteCaseFile(dir, "R-7K2M-9QXD");
    expect(await readCaseFiles(dir)).toEqual([]);
  });

  it("issue 15: desk: leaves no temporary file behind when a case cannot be written", async () => {
    // A folder under the case's name: the rename over it fails after the temporary file is written.
    await mkdir(join(dir, "R-0000-000F.case.asc", "inside"), { recursive: true });
    const caseFile = newCaseFile({
      reference: "R-0000-000F",
      report: "words",
      receivedAt: null,
      now: new Date(),
    });
    await expect(
      writeCaseFile({ dir, caseFile, recipientKeys: [await demoPublicKey("ada")] }),
    ).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    await rm(join(dir, "R-0000-000F.case.asc"), { recursive: true });
  });

  it("issue 15: desk: names what stands under a case's name but cannot be a case file, so nobody writes over it", async () => {
    await mkdir(join(dir, "R-0000-000D.case.asc"));
    expect(await readCaseFile(dir, "R-0000-000D")).toEqual({ kind: "problem", problem: "it is not a file" });
    // A sparse file: its size is what counts, nothing is read.
    await writeFile(join(dir, "R-0000-000B.case.asc"), "");
    await truncate(join(dir, "R-0000-000B.case.asc"), MAX_CASE_FILE_BYTES * 2);
    expect(await readCaseFile(dir, "R-0000-000B")).toEqual({
      kind: "problem",
      problem: "too large to be a case file",
    });
    await rm(join(dir, "R-0000-000D.case.asc"), { recursive: true });
    await rm(join(dir, "R-0000-000B.case.asc"));
  });
});
