import { z } from "zod";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import type { InputText } from "../responder/read-inputs.ts";
import { CASE_STATUSES, MAX_NOTE_CHARS, TAG_KINDS } from "./case-file.ts";
import type { UnlockResult } from "./desk-identity.ts";
import type { ApiAnswer, ApiHandler } from "./desk-server.ts";
import type { DeskSession, ImportSummary } from "./desk-session.ts";
import type { DeskStrings } from "./desk-strings.ts";

/**
 * The desk's JSON API: each route checks its body against a schema and calls the session. Answers
 * are values (`{ kind: … }`), never exceptions; nothing here logs.
 */

/** How the desk unlocks, as started. */
export type UnlockMode =
  /** a key file given on the command line; the page asks for its passphrase */
  | { kind: "key-path"; name: string; unlock: (passphrase: string) => Promise<UnlockResult> }
  /** the page picks the key file */
  | { kind: "choose-key"; unlock: (key: Uint8Array, passphrase: string) => Promise<UnlockResult> }
  /** unlocked at start (gpg, or a key without passphrase, or --passphrase-file) */
  | { kind: "unlocked" };

/** The most inputs (files, or pasted text) one import takes; the request's size bounds them too. */
export const MAX_IMPORT_INPUTS = 10_000;
/** The longest name of one input (a file's path in a chosen folder). */
export const MAX_INPUT_NAME_CHARS = 500;

const importBody = z.strictObject({
  inputs: z
    .array(z.strictObject({ name: z.string().max(MAX_INPUT_NAME_CHARS), text: z.string() }))
    .min(1)
    .max(MAX_IMPORT_INPUTS),
});
const unlockBody = z.strictObject({
  key: z.string().max(1_000_000).optional(),
  passphrase: z.string().max(10_000).default(""),
});
const short = z.string().max(200);
const changeBody = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("status"), status: z.enum(CASE_STATUSES) }),
  z.strictObject({ kind: z.literal("owner"), owner: short.nullable() }),
  z.strictObject({ kind: z.literal("category"), category: short.nullable() }),
  z.strictObject({ kind: z.literal("outcome"), outcome: short.nullable() }),
  z.strictObject({
    kind: z.literal("add-tag"),
    tag: z.strictObject({ kind: z.enum(TAG_KINDS), name: short }),
  }),
  z.strictObject({
    kind: z.literal("remove-tag"),
    tag: z.strictObject({ kind: z.enum(TAG_KINDS), name: short }),
  }),
  z.strictObject({ kind: z.literal("add-note"), text: z.string().max(MAX_NOTE_CHARS) }),
]);
/** A case's changes: one, or several saved together (the record form's fields). */
const changesBody = z.strictObject({ changes: z.array(changeBody).min(1).max(20) });
const deleteBody = z.strictObject({ references: z.array(short).max(100_000), confirm: z.literal(true) });

/**
 * The API handler of one desk.
 *
 * @param options.session - the desk session
 * @param options.mode - how the desk unlocks
 * @param options.strings - the desk's words in its language
 * @param options.lang - that language's tag
 * @param options.pending - inputs named on the command line, imported once the desk is unlocked
 */
export function deskApi(options: {
  session: DeskSession;
  mode: UnlockMode;
  strings: DeskStrings;
  lang: string;
  pending?: readonly InputText[];
}): ApiHandler {
  rejectUnknownOptions("deskApi", withoutKeys(options, ["session", "mode", "strings", "lang", "pending"]));
  const { session, strings, lang } = options;
  let pending = options.pending ?? [];
  const ok = (body: unknown): ApiAnswer => ({ status: 200, body });
  const bad = (error: string): ApiAnswer => ({ status: 400, body: { kind: "error", error } });
  const locked = (): ApiAnswer => ({ status: 409, body: { kind: "locked" } });

  const state = () => ({
    kind: "state",
    lang,
    dir: /^(ar|he|fa|ur)\b/.test(lang) ? "rtl" : "ltr",
    strings,
    unlock:
      options.mode.kind === "key-path"
        ? { kind: "key-path", name: options.mode.name }
        : { kind: options.mode.kind },
    event: session.site.event,
    timeZone: session.site.timeZone,
    followUp: session.site.followUp,
    followUpDays: session.site.period?.days ?? null,
    retentionDays: session.site.retentionDays,
    threshold: session.site.transparencyThreshold,
    casesDir: session.casesDir,
    ...session.overview(),
  });

  const importPending = async (): Promise<ImportSummary | null> => {
    if (pending.length === 0) return null;
    const texts = pending;
    pending = [];
    const result = await session.importTexts(texts);
    return result.kind === "imported" ? result.summary : null;
  };

  return async ({ method, path, body }) => {
    if (method === "GET" && path === "state") return ok(state());

    if (method === "POST" && path === "unlock") {
      const parsed = unlockBody.safeParse(body);
      if (!parsed.success) return bad("unlock");
      const { mode } = options;
      if (mode.kind === "unlocked" || session.unlocked()) return ok({ ...state(), imported: null });
      let result: UnlockResult;
      if (mode.kind === "key-path") result = await mode.unlock(parsed.data.passphrase);
      else {
        if (parsed.data.key === undefined) return ok({ kind: "needs-key" });
        result = await mode.unlock(Buffer.from(parsed.data.key, "base64"), parsed.data.passphrase);
      }
      if (result.kind !== "unlocked") return ok(result);
      await session.unlock(result.identity);
      const imported = await importPending();
      return ok({ ...state(), imported });
    }

    if (!session.unlocked()) return locked();

    if (method === "POST" && path === "import") {
      const parsed = importBody.safeParse(body);
      // The limits go with the refusal, so the page can say what to do instead.
      if (!parsed.success)
        return {
          status: 400,
          body: { kind: "error", error: "import", files: MAX_IMPORT_INPUTS, nameChars: MAX_INPUT_NAME_CHARS },
        };
      const result = await session.importTexts(
        parsed.data.inputs.map(({ name, text }) => ({ source: name, text })),
      );
      if (result.kind === "unusable") return ok({ kind: "unusable", reason: result.reason });
      return ok({ kind: "imported", summary: result.summary, cases: session.overview().cases });
    }

    const caseMatch = /^cases\/([A-Za-z0-9-]{1,40})$/.exec(path);
    if (caseMatch?.[1]) {
      const reference = caseMatch[1];
      if (method === "GET") {
        const view = session.view(reference);
        return view ? ok({ kind: "case", case: view }) : { status: 404, body: { kind: "unknown" } };
      }
      if (method === "POST") {
        const parsed = changesBody.safeParse(body);
        if (!parsed.success) return bad("change");
        // A note's id and author are the desk's to give, never the page's.
        const changes = parsed.data.changes.map((change) =>
          change.kind === "add-note" ? { ...change, id: "", author: "" } : change,
        );
        const result = await session.change(reference, changes);
        if (result.kind === "unknown") return { status: 404, body: result };
        return ok(result.kind === "changed" ? { kind: "case", case: result.view } : result);
      }
    }

    if (method === "GET" && path === "patterns") return ok({ kind: "patterns", groups: session.patterns() });
    if (method === "POST" && path === "transparency") {
      const written = await session.writeTransparency();
      return ok({ kind: "transparency", ...written });
    }
    if (method === "GET" && path === "retention")
      return ok({ kind: "retention", due: session.retentionDue() });
    if (method === "POST" && path === "retention/delete") {
      const parsed = deleteBody.safeParse(body);
      if (!parsed.success) return bad("confirm");
      const { deleted } = await session.deleteDue(parsed.data.references);
      return ok({ kind: "deleted", deleted, due: session.retentionDue() });
    }
    return { status: 404, body: { kind: "error", error: "route" } };
  };
}
