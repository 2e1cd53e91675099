import { createHash, randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import { parseReport } from "../report/report-format.ts";
import type { FoundMessage } from "../responder/find-messages.ts";
import { describeLocation, findMessages } from "../responder/find-messages.ts";
import type { InputText } from "../responder/read-inputs.ts";
import { escapeControlCharacters, readDecrypted } from "../responder/render-report.ts";
import { normalizeFingerprint } from "../roster/fingerprint.ts";
import { formatTransparency, TRANSPARENCY_FILE, type TransparencyData } from "../site/transparency-data.ts";
import {
  applyCaseChange,
  type CaseChange,
  type CaseFile,
  MAX_REPORT_CHARS,
  MAX_VERSIONS,
  mergeCaseFiles,
  newCaseFile,
  parseCaseFile,
} from "./case-file.ts";
import {
  caseFileName,
  deleteCaseFile,
  prepareCaseFolder,
  readCaseFile,
  readCaseFiles,
  writeCaseFile,
} from "./case-store.ts";
import { type CaseSummary, type CaseView, summarizeCase, viewCase } from "./case-view.ts";
import { decryptUntrusted } from "./decrypt-untrusted.ts";
import type { DeskIdentity } from "./desk-identity.ts";
import type { DeskSite } from "./desk-site.ts";
import { sortForFollowUp } from "./follow-up.ts";
import { tagGroups } from "./patterns.ts";
import { dueForDeletion } from "./retention.ts";
import { countTransparency } from "./transparency-counts.ts";

/**
 * One running desk: the unlocked identity, the cases it can open (decrypted, in memory only), and
 * every operation the page can ask for. The only files it writes are encrypted case files and the
 * transparency counts. Operations that change files run one at a time, in the order asked.
 */

/** What an import found, for the page. Every location is escaped (file names come from the user). */
export interface ImportSummary {
  /** references of the cases the import added */
  added: string[];
  /** reports already on the desk (the same reference, the same text): no new case */
  alreadyHere: string[];
  /** another version of a report already on the desk (the same reference, other text): kept in its case */
  newVersions: string[];
  notAddressed: string[];
  damaged: string[];
  /** export rows or files without an encrypted report, and problems with a whole input */
  withoutReport: string[];
}

/** The desk's state as the page sees it. */
export interface DeskOverview {
  unlocked: boolean;
  /** the responder using the desk, when the roster knows their key */
  me: string | null;
  cases: CaseSummary[];
  /** case files in the folder this key cannot open (the reporter left this responder out) */
  othersCaseFiles: number;
  /** case files that could not be read, with the reason */
  unreadableCaseFiles: string[];
}

/** The desk's operations. */
export interface DeskSession {
  readonly site: DeskSite;
  readonly casesDir: string;
  unlocked(): boolean;
  unlock(identity: DeskIdentity): Promise<void>;
  overview(): DeskOverview;
  importTexts(
    texts: readonly InputText[],
  ): Promise<{ kind: "imported"; summary: ImportSummary } | { kind: "unusable"; reason: string }>;
  view(reference: string): CaseView | null;
  change(
    reference: string,
    changes: CaseChange | readonly CaseChange[],
  ): Promise<{ kind: "changed"; view: CaseView } | { kind: "refused"; reason: string } | { kind: "unknown" }>;
  patterns(): ReturnType<typeof tagGroups>;
  writeTransparency(): Promise<{ data: TransparencyData; path: string }>;
  retentionDue(): Array<{ reference: string; dueSince: string }>;
  deleteDue(references: readonly string[]): Promise<{ deleted: string[] }>;
}

const TOO_LARGE = "the decrypted report is larger than 1 MiB, far more than anyone types: it was not kept";

/**
 * Why a version is refused when its case is full. The first versions are kept, never the last: anyone
 * who knows a reference can send versions under it, and dropping the oldest would let them push the
 * reporter's own report out of its case.
 */
const tooManyVersions = (reference: string) =>
  `the case ${reference} already holds ${MAX_VERSIONS} other versions of its report: this one was not kept. ` +
  "Read the versions on the case: many versions of one report may mean someone is sending them to crowd it";

/**
 * A case with another version of its report: the version sent later (by the time inside each report)
 * is shown, the other is kept among the earlier versions.
 */
function withVersion(caseFile: CaseFile, text: string, now: Date): CaseFile {
  const sentAt = (report: string) => {
    const parsed = parseReport(report);
    return parsed.kind === "report" ? parsed.report.submittedAt : "";
  };
  const newer = sentAt(text) > sentAt(caseFile.report);
  const earlier = [...caseFile.earlierVersions, newer ? caseFile.report : text];
  return {
    ...caseFile,
    report: newer ? text : caseFile.report,
    earlierVersions: earlier,
    updatedAt: now.toISOString(),
  };
}

/** Why a case was not saved: its name in the folder holds a file this desk cannot read. */
const unreadableOnDisk = (name: string, why: string) =>
  escapeControlCharacters(
    `the case file ${name} is in the case folder but this desk cannot read it (${why}): nothing was written over it. ` +
      "Fix: open it with the desk that wrote it (a newer Confide, or the responder it is encrypted to), or move it out of the folder and try again",
  );

/** The references a report can have: its own (inside), or a stand-in made from the message's bytes. */
const REFERENCE = /^R-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

/**
 * Starts a desk session on a case folder.
 *
 * @param options.site - the site's settings (desk-site.ts)
 * @param options.casesDir - the case folder (created 0700 when missing)
 * @param options.now - the clock (tests pass a fixed one)
 */
export function createDeskSession(options: {
  site: DeskSite;
  casesDir: string;
  now?: () => Date;
}): DeskSession {
  rejectUnknownOptions("createDeskSession", withoutKeys(options, ["site", "casesDir", "now"]));
  const { site, casesDir } = options;
  const now = options.now ?? (() => new Date());
  const cases = new Map<string, CaseFile>();
  let identity: DeskIdentity | null = null;
  let othersCaseFiles = 0;
  let unreadable: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs a file-changing operation after the ones before it. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const requireIdentity = (): DeskIdentity => {
    if (!identity) throw new Error("the desk is locked");
    return identity;
  };

  const me = (): string | null => {
    if (!identity) return null;
    const mine = new Set(identity.fingerprints.map(normalizeFingerprint));
    return site.team.find((member) => mine.has(normalizeFingerprint(member.fingerprint)))?.name ?? null;
  };

  /**
   * Who may read a case: this responder, and the team members that every version of its report was
   * sent to. Every version, not the one shown: a version's "Sent to" is written by whoever sent it,
   * and anyone who knows a reference (it is in the clear beside the report, and in the notification
   * email's subject) can send a version under it, naming anyone and dated after the original. Were
   * the shown version's list enough, that version would open the original report, and the team's
   * notes, to whoever it names. The price, chosen: a version naming fewer people narrows the case to
   * them at its next save (its other readers keep the copies they have, and see the version listed);
   * a case shut to a teammate is recoverable, a report shown to the person it is about is not.
   */
  const readersOf = (caseFile: CaseFile): string[] => {
    const identity = requireIdentity();
    const mine = new Set(identity.fingerprints.map(normalizeFingerprint));
    const sentTo = [caseFile.report, ...caseFile.earlierVersions].map((text) => {
      const parsed = parseReport(text);
      return parsed.kind === "report" ? parsed.report.recipients : [];
    });
    // Each key once: this responder's own key is not added again from the roster.
    const team = site.team
      .filter(
        (member) =>
          sentTo.every((names) => names.includes(member.name)) &&
          !mine.has(normalizeFingerprint(member.fingerprint)),
      )
      .map((member) => member.armoredPublicKey);
    return [...identity.ownPublicKeys, ...team];
  };

  const decryptCaseText = async (name: string, armored: string) => {
    const message: FoundMessage = { source: name, format: "text", row: 1, armored };
    const result = await decryptUntrusted({
      messages: [message],
      decrypt: requireIdentity().decryptCase,
      concurrency: 1,
    });
    if (result.kind === "unusable") return { kind: "unusable" as const, reason: result.reason };
    const [outcome] = result.outcomes;
    if (outcome?.kind !== "decrypted")
      return {
        kind: outcome?.kind ?? "damaged",
        reason: outcome && "reason" in outcome ? outcome.reason : "",
      };
    const parsed = parseCaseFile(outcome.plaintext);
    return parsed.kind === "case"
      ? { kind: "case" as const, caseFile: parsed.caseFile }
      : { kind: "damaged" as const, reason: parsed.message };
  };

  /**
   * Saves a case, merged with the copy in the folder when another desk changed it meanwhile. A file
   * under the case's name that this desk cannot read (damaged, a newer format, encrypted to others,
   * another case) is never written over: it may hold a team's whole record of the case.
   */
  const save = async (
    caseFile: CaseFile,
  ): Promise<{ kind: "saved"; caseFile: CaseFile } | { kind: "refused"; reason: string }> => {
    const name = caseFileName(caseFile.reference);
    const keep = (why: string) => ({ kind: "refused" as const, reason: unreadableOnDisk(name, why) });
    let merged = caseFile;
    const onDisk = await readCaseFile(casesDir, caseFile.reference);
    if (onDisk.kind === "problem") return keep(onDisk.problem);
    if (onDisk.kind === "file") {
      const theirs = await decryptCaseText(name, onDisk.armored);
      if (theirs.kind === "not-addressed") return keep("it is encrypted to other responders, not to you");
      if (theirs.kind !== "case") return keep(theirs.reason);
      if (theirs.caseFile.reference !== caseFile.reference)
        return keep(`it holds the case ${theirs.caseFile.reference}`);
      if (theirs.caseFile.updatedAt !== caseFile.updatedAt)
        merged = mergeCaseFiles(caseFile, theirs.caseFile);
    }
    await writeCaseFile({ dir: casesDir, caseFile: merged, recipientKeys: readersOf(merged) });
    cases.set(merged.reference, merged);
    return { kind: "saved", caseFile: merged };
  };

  const loadCases = async () => {
    cases.clear();
    othersCaseFiles = 0;
    unreadable = [];
    for (const file of await readCaseFiles(casesDir)) {
      if ("problem" in file) {
        unreadable.push(`${escapeControlCharacters(file.name)}: ${file.problem}`);
        continue;
      }
      const read = await decryptCaseText(file.name, file.armored);
      if (read.kind === "case" && caseFileName(read.caseFile.reference) !== file.name) {
        // A file renamed (or planted) under another case's name is not taken for that case.
        unreadable.push(
          escapeControlCharacters(`${file.name}: it holds the case ${read.caseFile.reference}`),
        );
      } else if (read.kind === "case") cases.set(read.caseFile.reference, read.caseFile);
      else if (read.kind === "not-addressed") othersCaseFiles++;
      else unreadable.push(escapeControlCharacters(`${file.name}: ${read.reason}`));
    }
  };

  const allCases = () => [...cases.values()];

  return {
    site,
    casesDir,
    unlocked: () => identity !== null,

    unlock: (next) =>
      serial(async () => {
        identity = next;
        await prepareCaseFolder(casesDir);
        await loadCases();
      }),

    overview: () => {
      const at = now();
      const summaries = allCases().map((caseFile) => summarizeCase(caseFile, site, at));
      return {
        unlocked: identity !== null,
        me: me(),
        cases: sortForFollowUp(summaries),
        othersCaseFiles,
        unreadableCaseFiles: unreadable,
      };
    },

    importTexts: (texts) =>
      serial(async () => {
        const { decrypt } = requireIdentity();
        const summary: ImportSummary = {
          added: [],
          alreadyHere: [],
          newVersions: [],
          notAddressed: [],
          damaged: [],
          withoutReport: [],
        };
        const messages: FoundMessage[] = [];
        for (const { source, text } of texts) {
          const found = findMessages({ text, source });
          messages.push(...found.messages);
          for (const entry of found.skipped)
            summary.withoutReport.push(escapeControlCharacters(describeLocation(entry)));
          for (const problem of found.problems)
            summary.withoutReport.push(escapeControlCharacters(`${source}: ${problem}`));
          if (found.messages.length === 0 && found.skipped.length === 0 && found.problems.length === 0) {
            summary.withoutReport.push(escapeControlCharacters(`${source}: no encrypted report in it`));
          }
        }
        const result = await decryptUntrusted({ messages, decrypt });
        if (result.kind === "unusable") return { kind: "unusable" as const, reason: result.reason };
        for (const outcome of result.outcomes) {
          const where = escapeControlCharacters(describeLocation(outcome.message));
          if (outcome.kind === "not-addressed") summary.notAddressed.push(where);
          else if (outcome.kind === "damaged" || outcome.kind === "refused")
            summary.damaged.push(`${where}: ${escapeControlCharacters(outcome.reason)}`);
          else {
            if (outcome.plaintext.length > MAX_REPORT_CHARS) {
              summary.damaged.push(`${where}: ${TOO_LARGE}`);
              continue;
            }
            const readable = readDecrypted(outcome);
            const inside = readable.kind === "report" ? readable.report.reference : undefined;
            // The reference inside the report, never the one posted beside it (anyone can post any).
            const reference =
              inside && REFERENCE.test(inside)
                ? inside
                : `M-${createHash("sha256").update(outcome.message.armored.replace(/\s+/g, "")).digest("hex").slice(0, 16)}`;
            const text =
              readable.kind === "report"
                ? `${outcome.plaintext.replace(/^\uFEFF/, "").replace(/\s+$/, "")}\n`
                : readable.text;
            const existing = cases.get(reference);
            if (!existing) {
              const saved = await save(
                newCaseFile({
                  reference,
                  report: text,
                  receivedAt: outcome.message.receivedAt?.slice(0, 200) ?? null,
                  now: now(),
                }),
              );
              if (saved.kind === "refused") summary.damaged.push(`${where}: ${saved.reason}`);
              else summary.added.push(reference);
            } else if (existing.report === text || existing.earlierVersions.includes(text)) {
              if (!summary.alreadyHere.includes(reference)) summary.alreadyHere.push(reference);
            } else if (existing.earlierVersions.length >= MAX_VERSIONS) {
              summary.damaged.push(`${where}: ${tooManyVersions(reference)}`);
            } else {
              const saved = await save(withVersion(existing, text, now()));
              if (saved.kind === "refused") summary.damaged.push(`${where}: ${saved.reason}`);
              else if (!summary.newVersions.includes(reference)) summary.newVersions.push(reference);
            }
          }
        }
        return { kind: "imported" as const, summary };
      }),

    view: (reference) => {
      const caseFile = cases.get(reference);
      return caseFile ? viewCase(caseFile, site, allCases(), now()) : null;
    },

    change: (reference, changes) =>
      serial(async () => {
        let caseFile = cases.get(reference);
        if (!caseFile) return { kind: "unknown" as const };
        // Several changes (a form's fields) are applied together and saved once: all or none.
        for (const change of Array.isArray(changes) ? changes : [changes]) {
          const applied = applyCaseChange(
            caseFile,
            change.kind === "add-note"
              ? { ...change, id: randomUUID(), author: me() ?? "responder" }
              : change,
            now(),
          );
          if (applied.kind === "refused") return applied;
          caseFile = applied.caseFile;
        }
        const saved = await save(caseFile);
        if (saved.kind === "refused") return saved;
        return { kind: "changed" as const, view: viewCase(saved.caseFile, site, allCases(), now()) };
      }),

    patterns: () => tagGroups(allCases()),

    writeTransparency: () =>
      serial(async () => {
        const data = countTransparency({
          cases: allCases(),
          event: site.event,
          threshold: site.transparencyThreshold,
          now: now(),
        });
        const path = join(site.dir, TRANSPARENCY_FILE);
        await writeFile(path, formatTransparency(data));
        return { data, path };
      }),

    retentionDue: () =>
      dueForDeletion({ cases: allCases(), retentionDays: site.retentionDays, now: now() }).map((due) => ({
        reference: due.reference,
        dueSince: due.dueSince.toISOString(),
      })),

    deleteDue: (references) =>
      serial(async () => {
        const due = new Set(
          dueForDeletion({ cases: allCases(), retentionDays: site.retentionDays, now: now() }).map(
            (d) => d.reference,
          ),
        );
        const deleted: string[] = [];
        for (const reference of references) {
          if (!due.has(reference)) continue;
          await deleteCaseFile(casesDir, reference);
          cases.delete(reference);
          deleted.push(reference);
        }
        return { deleted };
      }),
  };
}
