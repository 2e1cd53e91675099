import type { Diagnostic, Position } from "../check/diagnostic.ts";
import type { YamlSource } from "../check/yaml-source-types.ts";
import type { Site } from "../site/site-schema.ts";
import { DEMO_KEY_FINGERPRINTS } from "./demo-keys.ts";
import { groupFingerprint, isFullFingerprint, normalizeFingerprint } from "./fingerprint.ts";
import { inspectKey, type KeyFacts } from "./inspect-key.ts";
import type { Roster, RosterEntry } from "./roster-schema.ts";

/** A roster entry joined with what its key says about itself. */
export interface Responder extends RosterEntry {
  /** The validated public key, or null for a listed contact without a key. */
  publicKey: KeyFacts | null;
}

/** Reads a file named by the roster, relative to the content folder; null when it does not exist. */
export type ReadContentFile = (path: string) => Promise<string | null>;

/**
 * Checks the roster as a whole and every key it names: duplicates, key files, fingerprints, demo keys,
 * and that someone receives reports. Every problem is collected; nothing stops at the first.
 *
 * @param options.roster - the roster, already valid against its schema
 * @param options.source - the roster's YAML, to point at lines
 * @param options.site - the site settings (demo flag)
 * @param options.readFile - reads key files relative to the content folder
 * @param options.now - the moment keys must be usable at
 * @param options.warnDays - warn about keys that stop working within this many days
 */
export async function validateRoster(options: {
  roster: Roster;
  source: YamlSource;
  site: Site;
  readFile: ReadContentFile;
  now: Date;
  warnDays: number;
}): Promise<{ responders: Responder[]; diagnostics: Diagnostic[] }> {
  const { roster, source, site, readFile, now, warnDays } = options;
  const diagnostics: Diagnostic[] = [];
  const report = (position: Position, severity: Diagnostic["severity"], message: string, fix: string) =>
    diagnostics.push({ file: source.file, ...position, severity, message, fix });
  const at = (index: number, field: string) => source.positionOf(["responders", index, field]);

  findDuplicates(
    roster.responders,
    (entry) => entry.id,
    (index, firstIndex, value) =>
      report(
        at(index, "id"),
        "error",
        `The id "${value}" is used twice (also on line ${at(firstIndex, "id").line}).`,
        "Give each responder their own id: it names their page and key file.",
      ),
  );
  findDuplicates(
    roster.responders,
    (entry) => entry.email?.toLowerCase(),
    (index, firstIndex, value) =>
      report(
        at(index, "email"),
        "error",
        `The email ${value} is listed twice (also on line ${at(firstIndex, "email").line}).`,
        "Each responder needs their own address, so a reporter can reach the person they chose.",
      ),
  );
  findDuplicates(
    roster.responders,
    (entry) => entry.fingerprint && normalizeFingerprint(entry.fingerprint),
    (index, firstIndex) =>
      report(
        at(index, "fingerprint"),
        "error",
        `This fingerprint is also used on line ${at(firstIndex, "fingerprint").line}: two responders share one key.`,
        "Each responder needs their own key pair; ask for the right public key.",
      ),
  );

  const responders = await Promise.all(
    roster.responders.map(async (entry, index): Promise<Responder> => {
      if (!entry.key) return { ...entry, publicKey: null };
      const keyAt = at(index, "key");
      const keyPath = keyFilePath(entry.key);
      if (keyPath.startsWith("/") || keyPath.split("/").includes("..")) {
        report(
          keyAt,
          "error",
          `The key path "${entry.key}" points outside the content folder.`,
          `Put the key in the content folder's keys/ folder and write "key: keys/${entry.id}.asc".`,
        );
        return { ...entry, publicKey: null };
      }
      let armored: string | null;
      try {
        armored = await readFile(keyPath);
      } catch (error) {
        report(
          keyAt,
          "error",
          `The key file ${keyPath} could not be read (${(error as Error).message}).`,
          "Check the file's permissions, and that it is a file, not a folder.",
        );
        return { ...entry, publicKey: null };
      }
      if (armored === null) {
        report(
          keyAt,
          "error",
          `The key file ${keyPath} does not exist.`,
          `Save ${entry.name}'s public key as ${keyPath} in the content folder, or correct the path.`,
        );
        return { ...entry, publicKey: null };
      }

      const { facts, problems } = await inspectKey({ armored, fileName: keyPath, now, warnDays });
      // The commands in the fixes, ready to paste: this responder's address and key, not EMAIL and
      // FINGERPRINT (the roster's fingerprint first: the one the organiser confirmed with them).
      const written = entry.fingerprint ?? "";
      const fingerprint = isFullFingerprint(written)
        ? normalizeFingerprint(written)
        : (facts?.fingerprint ?? null);
      const ready = (fix: string) =>
        fix
          .replaceAll("EMAIL", entry.email ?? "EMAIL")
          .replaceAll("FINGERPRINT", fingerprint ?? "FINGERPRINT");
      for (const problem of problems) report(keyAt, problem.severity, problem.message, ready(problem.fix));
      if (!facts) return { ...entry, publicKey: null };

      const fingerprintAt = at(index, "fingerprint");
      if (!isFullFingerprint(written)) {
        const isKeyId = /^[0-9A-F]{8}$|^[0-9A-F]{16}$/.test(normalizeFingerprint(written));
        report(
          fingerprintAt,
          "error",
          isKeyId
            ? `"${written}" is a short key ID, not a fingerprint.`
            : `"${written}" is not a fingerprint (40 letters and digits, 0–9 and A–F).`,
          `Copy the full fingerprint: ${groupFingerprint(facts.fingerprint)} (check it with the responder in person or by phone).`,
        );
      } else if (normalizeFingerprint(written) !== facts.fingerprint) {
        report(
          fingerprintAt,
          "error",
          `The fingerprint does not match ${keyPath} (the key's fingerprint is ${groupFingerprint(facts.fingerprint)}).`,
          "Check that you exported the right key: confirm the fingerprint with the responder in person or by phone, then copy it here.",
        );
      }

      if (DEMO_KEY_FINGERPRINTS.has(facts.fingerprint) && !site.demo) {
        report(
          keyAt,
          "error",
          `${keyPath} is one of Confide's demo keys: its private half is published, so anyone could read reports sent to it.`,
          "Replace it with the responder's own public key (see the responder guide), or, for a site that is only a demo, set `demo: true` in _data/site.yaml.",
        );
      }

      const keyEmails = facts.userIds
        .map((userId) => /<([^>]+)>/.exec(userId)?.[1]?.toLowerCase())
        .filter(Boolean);
      if (entry.email && keyEmails.length > 0 && !keyEmails.includes(entry.email.toLowerCase())) {
        report(
          keyAt,
          "warning",
          `${keyPath} belongs to ${facts.userIds.join(", ")}, not to ${entry.email}.`,
          "Make sure this is the right person's key; if they use another address for their key, this warning can stay.",
        );
      }
      return { ...entry, publicKey: facts };
    }),
  );

  if (!roster.responders.some((entry) => entry.receives_reports)) {
    report(
      source.positionOf(["responders"], { key: true }),
      "error",
      "No one in the roster receives reports, so the form could not encrypt a report to anyone.",
      "Set `receives_reports: true` for at least one responder with a public key (two or more is better, so a reporter can leave one out).",
    );
  }
  if (!roster.responders.some((entry) => entry.monitors_alias)) {
    report(
      source.positionOf(["responders"], { key: true }),
      "warning",
      `No responder has \`monitors_alias: true\`, so the reporting page cannot say who reads ${site.alias.email}.`,
      "Mark the responders who read the shared address with `monitors_alias: true`.",
    );
  }

  return { responders, diagnostics };
}

/** A roster's `key:` as a path relative to the content folder (`./keys/ada.asc` is `keys/ada.asc`). */
export function keyFilePath(key: string): string {
  return key.replace(/^\.\//, "");
}

/** Calls `onDuplicate` for every entry whose key was already seen earlier in the list. */
function findDuplicates<T>(
  items: readonly T[],
  keyOf: (item: T) => string | undefined,
  onDuplicate: (index: number, firstIndex: number, value: string) => void,
): void {
  const firstSeen = new Map<string, number>();
  items.forEach((item, index) => {
    const value = keyOf(item);
    if (!value) return;
    const first = firstSeen.get(value);
    if (first === undefined) firstSeen.set(value, index);
    else onDuplicate(index, first, value);
  });
}
