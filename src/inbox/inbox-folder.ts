import { randomUUID } from "node:crypto";
import { link, mkdir, open, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type {
  AcceptedSubmission,
  Delivery,
  LedgerOutcome,
  ReferenceLedger,
  SubmissionBackend,
} from "../hook/handle-submission.ts";
import { ciphertextDigest, decideDelivery, type SubmissionIdentity } from "../hook/submission-identity.ts";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";

/**
 * The local inbox's folder: one JSON file per delivered version of a report, written atomically, and
 * the folder itself as the reference ledger (submission-identity.ts), so retries and edits are told
 * apart across restarts too.
 */

/** What the inbox writes for each report, and nothing more: no address, no headers, no user agent. */
export interface StoredSubmission {
  reference: string;
  version: string;
  ciphertext: string;
  receivedAt: string;
  formId: string;
  /** for an edit (another text under a reference already stored): its version, from 2 */
  revision?: number;
}

/** Options for {@link inboxFolder}. */
export interface InboxFolderOptions {
  /** the folder (created with mode 0700 when the first report arrives) */
  dir: string;
  /** the clock, for receivedAt and file names */
  now: () => Date;
  /** where problems are reported (never with a report's content) */
  log: (message: string) => void;
}

/** A temporary file this module writes: `.<final name>.<uuid>.tmp`. */
const TEMPORARY = /^\.(.+\.json)\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.tmp$/;

/**
 * The inbox folder as a back end and a ledger. Everything that touches the folder runs one step at a
 * time, starting with the recovery of what a crash left (see {@link recoverTemporaryFiles}), so two
 * copies of a report can never both find no earlier file.
 *
 * @param options - see {@link InboxFolderOptions}; unknown options throw
 */
export function inboxFolder(options: InboxFolderOptions): {
  backend: SubmissionBackend;
  ledger: ReferenceLedger;
  /** resolves once the start-up recovery is done */
  recovered: Promise<void>;
} {
  const { dir, now, log, ...rest } = options;
  rejectUnknownOptions("inboxFolder", rest);
  const recovered = recoverTemporaryFiles(dir).then(
    ({ recovered: kept, removed }) => {
      if (kept + removed > 0)
        log(
          `confide inbox: a crash had left unfinished files in ${dir}: ${kept} report(s) recovered, ${removed} incomplete temporary file(s) removed.`,
        );
    },
    (error: NodeJS.ErrnoException) => {
      log(`confide inbox: could not look for files a crash left in ${dir} (${error.code ?? "error"}).`);
    },
  );
  let queue: Promise<unknown> = recovered;
  const inTurn = <T>(step: () => Promise<T>): Promise<T> => {
    const result = queue.then(step);
    queue = result.catch(() => {});
    return result;
  };

  const backend: SubmissionBackend = {
    async deliver(submission: AcceptedSubmission, revision: number): Promise<Delivery> {
      const receivedAt = now();
      const record: StoredSubmission = {
        reference: submission.reference,
        version: submission.version,
        ciphertext: submission.ciphertext,
        receivedAt: receivedAt.toISOString(),
        formId: submission.formId,
        ...(revision > 1 ? { revision } : {}),
      };
      try {
        await storeRecord(
          dir,
          fileName(receivedAt, submission.reference, submission.formId, revision),
          record,
        );
        return { kind: "delivered" };
      } catch (error) {
        log(
          `confide inbox: could not store a report in ${dir} (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
        );
        return {
          kind: "failed",
          status: 500,
          errors: [
            {
              code: "STORAGE_FAILED",
              message: "The inbox could not save the report, so nothing was stored. Send the report again.",
            },
          ],
        };
      }
    },
  };

  const ledger: ReferenceLedger = {
    record: (identity: SubmissionIdentity, deliver: (revision: number) => Promise<Delivery>) =>
      inTurn(async (): Promise<LedgerOutcome> => {
        const digests = await storedDigests(dir, identity);
        const decision = decideDelivery(digests, identity.digest);
        if (decision.kind === "retry") return decision;
        const delivery = await deliver(decision.revision);
        return delivery.kind === "failed" ? delivery : { kind: "delivered", revision: decision.revision };
      }),
  };

  return { backend, ledger, recovered };
}

/**
 * `2027-03-01T120000Z-R-7K2M-9QXD.xteamform.json` (`…-v2.json` for an edit): sorts by time, no colons
 * (Windows), and the form id, so the copies of one report for several personal inboxes (one reference)
 * that arrive in the same second each get their own file (a form id has no ".").
 */
function fileName(receivedAt: Date, reference: string, formId: string, revision: number): string {
  const time = receivedAt
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "");
  return `${time}-${reference}.${formId}${revision > 1 ? `-v${revision}` : ""}.json`;
}

/** The records in the folder (hidden and temporary files left aside); none when it does not exist. */
async function storedRecords(dir: string, reference?: string): Promise<StoredSubmission[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const records: StoredSubmission[] = [];
  for (const name of names) {
    if (name.startsWith(".") || !name.endsWith(".json")) continue;
    if (reference !== undefined && !name.includes(`-${reference}`)) continue;
    const record = readRecord(await readFile(join(dir, name), "utf8").catch(() => ""));
    if (record) records.push(record);
  }
  return records;
}

/** The digests stored under a form id and reference, oldest version first. */
async function storedDigests(dir: string, identity: SubmissionIdentity): Promise<string[]> {
  const records = (await storedRecords(dir, identity.reference))
    .filter((record) => record.reference === identity.reference && record.formId === identity.formId)
    .sort((a, b) => (a.revision ?? 1) - (b.revision ?? 1));
  return Promise.all(records.map((record) => ciphertextDigest(record.ciphertext)));
}

/** A stored record read back, or null when the text is not one (cut short, or not ours). */
function readRecord(text: string): StoredSubmission | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const { reference, version, ciphertext, receivedAt, formId, revision } = value as Record<string, unknown>;
  const strings = [reference, version, ciphertext, receivedAt, formId];
  if (!strings.every((field) => typeof field === "string")) return null;
  if (revision !== undefined && !(Number.isSafeInteger(revision) && (revision as number) >= 2)) return null;
  return value as StoredSubmission;
}

/**
 * Writes a record under a temporary name in the same folder, flushes it, then links it to its name
 * (never replacing a file: a taken name gets `-2`, `-3`, … before `.json`), so a crash never leaves
 * half a report under a report's name. (The reference passed REFERENCE_PATTERN, so the name cannot
 * step outside the folder.)
 */
async function storeRecord(dir: string, name: string, record: StoredSubmission): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.${name}.${randomUUID()}.tmp`);
  try {
    const file = await open(temporary, "wx", 0o600);
    try {
      await file.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await linkUnderFreeName(temporary, dir, name);
  } finally {
    await rm(temporary, { force: true });
  }
}

async function linkUnderFreeName(source: string, dir: string, name: string): Promise<void> {
  const stem = name.replace(/\.json$/, "");
  for (let n = 1; ; n++) {
    try {
      await link(source, join(dir, n === 1 ? name : `${stem}-${n}.json`));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/**
 * What a crash can leave: a temporary file of {@link storeRecord}. One that holds a whole record was
 * written and flushed but not yet named; it is given its name (unless that exact version is stored),
 * since the reporter may never resend it. One cut short was never answered with success (the answer
 * comes after the name), so the reporter's browser still holds the report: it is removed.
 *
 * @param dir - the inbox folder
 * @returns how many records were recovered and how many incomplete files removed
 */
export async function recoverTemporaryFiles(dir: string): Promise<{ recovered: number; removed: number }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { recovered: 0, removed: 0 };
    throw error;
  }
  let recovered = 0;
  let removed = 0;
  for (const name of names) {
    const finalName = TEMPORARY.exec(name)?.[1];
    if (finalName === undefined) continue;
    const path = join(dir, name);
    const record = readRecord(await readFile(path, "utf8").catch(() => ""));
    if (record) {
      const digest = await ciphertextDigest(record.ciphertext);
      const stored = await storedDigests(dir, { ...record, digest });
      if (!stored.includes(digest)) {
        await linkUnderFreeName(path, dir, finalName);
        recovered++;
      }
    } else removed++;
    await rm(path, { force: true });
  }
  return { recovered, removed };
}
