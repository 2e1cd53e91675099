import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { encryptReport } from "../report/encrypt-report.ts";
import { padReport } from "../report/pad-report.ts";
import { type CaseFile, MAX_CASE_FILE_BYTES, serializeCaseFile } from "./case-file.ts";

/**
 * The case folder: one OpenPGP-encrypted file per case, `<reference>.case.asc`, armored so it can be
 * mailed or pasted like a report. Nothing else is written there, and nothing in plaintext: a lost
 * laptop or a synced folder shows only references (which the form service saw anyway), sizes in 4 KiB
 * steps and times.
 */

/** The ending of every case file's name. */
export const CASE_FILE_SUFFIX = ".case.asc";

/** Armored case files larger than this are not read: armor adds a third to the encrypted bytes. */
const MAX_ARMORED_CASE_FILE_BYTES = Math.ceil(MAX_CASE_FILE_BYTES * 1.4);

/**
 * The file name of a case: its reference, which holds only letters, digits and hyphens.
 *
 * @param reference - the case's reference (validated by the case file schema)
 */
export function caseFileName(reference: string): string {
  if (!/^[A-Za-z0-9-]{1,40}$/.test(reference))
    throw new TypeError(`caseFileName: bad reference ${reference}`);
  return `${reference}${CASE_FILE_SUFFIX}`;
}

/**
 * Creates the folder (mode 0700) when it does not exist yet.
 *
 * @param dir - the case folder
 */
export async function prepareCaseFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * Reads every case file in the folder, in name order; files too large to be a case are named as such.
 *
 * @param dir - the case folder
 */
export async function readCaseFiles(
  dir: string,
): Promise<Array<{ name: string; armored: string } | { name: string; problem: string }>> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => name.endsWith(CASE_FILE_SUFFIX) && !name.startsWith("."))
    .sort();
  const files: Array<{ name: string; armored: string } | { name: string; problem: string }> = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    if (info.size > MAX_ARMORED_CASE_FILE_BYTES) files.push({ name, problem: "too large to be a case file" });
    else files.push({ name, armored: await readFile(path, "utf8") });
  }
  return files;
}

/** What {@link readCaseFile} finds under a case's name. */
export type CaseFileOnDisk =
  | { kind: "missing" }
  | { kind: "file"; armored: string }
  /** something is there that is not a case file the desk may read: it must not be written over */
  | { kind: "problem"; problem: string };

/**
 * Reads one case's file. Anything under the case's name that cannot be a case file (too large, not a
 * file) is a problem, not an absence: the caller must not write over it.
 *
 * @param dir - the case folder
 * @param reference - the case's reference
 */
export async function readCaseFile(dir: string, reference: string): Promise<CaseFileOnDisk> {
  const path = join(dir, caseFileName(reference));
  const info = await stat(path).catch((error: NodeJS.ErrnoException) =>
    error.code === "ENOENT" ? null : error,
  );
  if (info === null) return { kind: "missing" };
  if (info instanceof Error)
    return { kind: "problem", problem: `it cannot be read (${info.code ?? "error"})` };
  if (!info.isFile()) return { kind: "problem", problem: "it is not a file" };
  if (info.size > MAX_ARMORED_CASE_FILE_BYTES)
    return { kind: "problem", problem: "too large to be a case file" };
  return { kind: "file", armored: await readFile(path, "utf8") };
}

/**
 * Encrypts a case to its readers and writes it in place of the old file, atomically (a temporary file
 * renamed over it), mode 0600. The plaintext is padded like a report, so the file's size does not
 * reveal how much the notes say.
 *
 * @param options.dir - the case folder
 * @param options.caseFile - the case
 * @param options.recipientKeys - the armored public keys that may read it
 */
export async function writeCaseFile(options: {
  dir: string;
  caseFile: CaseFile;
  recipientKeys: readonly string[];
}): Promise<void> {
  rejectUnknownOptions("writeCaseFile", withoutKeys(options, ["dir", "caseFile", "recipientKeys"]));
  const armored = await encryptReport({
    plaintext: padReport(serializeCaseFile(options.caseFile)),
    recipientKeys: options.recipientKeys,
  });
  const target = join(options.dir, caseFileName(options.caseFile.reference));
  const temporary = join(options.dir, `.${randomBytes(8).toString("hex")}.tmp`);
  const file = await open(temporary, "wx", 0o600);
  try {
    try {
      await file.writeFile(armored);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    // A full disk or a failed rename leaves no half-written file behind in a folder that may be synced.
    await rm(temporary, { force: true });
    throw error;
  }
  await chmod(target, 0o600);
}

/**
 * Deletes a case's file.
 *
 * @param dir - the case folder
 * @param reference - the case's reference
 */
export async function deleteCaseFile(dir: string, reference: string): Promise<void> {
  await rm(join(dir, caseFileName(reference)), { force: true });
}
