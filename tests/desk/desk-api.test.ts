import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_NOTE_CHARS } from "../../src/desk/case-file.ts";
import {
  deskApi,
  MAX_IMPORT_INPUTS,
  MAX_INPUT_NAME_CHARS,
  type UnlockMode,
} from "../../src/desk/desk-api.ts";
import { unlockKeyFile } from "../../src/desk/desk-identity.ts";
import type { ApiHandler } from "../../src/desk/desk-server.ts";
import { createDeskSession, type DeskSession } from "../../src/desk/desk-session.ts";
import { type DeskSite, loadDeskSite } from "../../src/desk/desk-site.ts";
import { deskStrings } from "../../src/desk/desk-strings.ts";
import { contentFolder } from "../helpers/content-folder.ts";
import { demoPrivateKeyPath, demoPublicKey, demoReport } from "../helpers/desk-fixtures.ts";

const SENT = new Date("2027-06-05T14:03:27Z");
const SENTINEL = "SENTINEL-desk-api-41c7";

let content: Awaited<ReturnType<typeof contentFolder>>;
let site: DeskSite;
let work: string;
let adaKey: Buffer;
let toAda: string;

beforeAll(async () => {
  content = await contentFolder();
  work = await mkdtemp(join(tmpdir(), "confide-desk-api-"));
  const loaded = await loadDeskSite({ dir: content.dir, now: new Date() });
  if (loaded.kind !== "site") throw new Error(loaded.message);
  site = loaded.site;
  adaKey = await readFile(demoPrivateKeyPath("ada"));
  toAda = await demoReport({
    reference: "R-API0-0001",
    to: ["ada"],
    answers: { what: SENTINEL },
    submittedAt: SENT,
  });
});
afterAll(async () => {
  await content.cleanup();
  await rm(work, { recursive: true, force: true });
});

/** A desk's API on a case folder of its own, as `confide desk` makes it. */
async function deskOn(
  folder: string,
  mode: UnlockMode,
  pending: Array<{ source: string; text: string }> = [],
): Promise<{ api: ApiHandler; session: DeskSession; casesDir: string }> {
  const casesDir = join(work, folder);
  const session = createDeskSession({ site, casesDir, now: () => new Date("2027-06-06T09:00:00Z") });
  const { lang, strings } = deskStrings("en");
  return { api: deskApi({ session, mode, strings, lang, pending }), session, casesDir };
}

const chooseKey: UnlockMode = {
  kind: "choose-key",
  unlock: (key, passphrase) => unlockKeyFile({ key, passphrase }),
};

/** The API of an unlocked desk holding one case, R-API0-0001. */
async function unlockedDesk(folder: string): Promise<{ api: ApiHandler; casesDir: string }> {
  const desk = await deskOn(folder, chooseKey, [{ source: "report.asc", text: toAda }]);
  const unlocked = await desk.api({
    method: "POST",
    path: "unlock",
    body: { key: adaKey.toString("base64"), passphrase: "" },
  });
  expect(unlocked).toMatchObject({ status: 200, body: { kind: "state", unlocked: true } });
  expect(desk.session.view("R-API0-0001")).not.toBeNull();
  return desk;
}

describe("the desk's API", () => {
  it("while locked, answers only its state and the unlock: every other route is 409", async () => {
    const { api } = await deskOn("locked", chooseKey);
    const state = await api({ method: "GET", path: "state", body: null });
    expect(state).toMatchObject({
      status: 200,
      body: {
        kind: "state",
        unlocked: false,
        unlock: { kind: "choose-key" },
        cases: [],
        lang: "en",
        dir: "ltr",
      },
    });
    for (const [method, path, body] of [
      ["GET", "cases/R-API0-0001", null],
      ["POST", "cases/R-API0-0001", { changes: [{ kind: "status", status: "closed" }] }],
      ["POST", "import", { inputs: [{ name: "report.asc", text: toAda }] }],
      ["GET", "patterns", null],
      ["POST", "transparency", {}],
      ["GET", "retention", null],
      ["POST", "retention/delete", { references: [], confirm: true }],
    ] as const) {
      expect(await api({ method, path, body }), `${method} ${path}`).toEqual({
        status: 409,
        body: { kind: "locked" },
      });
    }
  });

  it("unlocks with a key chosen in the page, and says what is missing or wrong without unlocking", async () => {
    const { api, session } = await deskOn("unlock", chooseKey, [{ source: "report.asc", text: toAda }]);
    const unlock = (body: unknown) => api({ method: "POST", path: "unlock", body });
    expect(await unlock({ passphrase: "" })).toEqual({ status: 200, body: { kind: "needs-key" } });
    const publicKey = Buffer.from(await demoPublicKey("ada")).toString("base64");
    expect(await unlock({ key: publicKey })).toMatchObject({
      status: 200,
      body: { kind: "refused", reason: expect.stringMatching(/only a public key/) },
    });
    // A body the schema does not know is refused before any key is read.
    expect(await unlock({ key: adaKey.toString("base64"), extra: true })).toEqual({
      status: 400,
      body: { kind: "error", error: "unlock" },
    });
    expect(session.unlocked()).toBe(false);
    const unlocked = await unlock({ key: adaKey.toString("base64") });
    // The reports named on the command line are brought in once, at unlock.
    expect(unlocked).toMatchObject({
      status: 200,
      body: { kind: "state", unlocked: true, me: "Adaeze Okafor", imported: { added: ["R-API0-0001"] } },
    });
    // Unlocked: a second unlock (another key) changes nothing and imports nothing again.
    expect(await unlock({ key: publicKey })).toMatchObject({ body: { kind: "state", imported: null } });
    expect(session.overview().cases.map((c) => c.reference)).toEqual(["R-API0-0001"]);
  });

  it("asks only the passphrase of a key named on the command line, and never reads a key from the page for it", async () => {
    const tried: string[] = [];
    const { api, session } = await deskOn("key-path", {
      kind: "key-path",
      name: "ada.sec.asc",
      unlock: async (passphrase) => {
        tried.push(passphrase);
        return passphrase === "right" ? unlockKeyFile({ key: adaKey }) : { kind: "wrong-passphrase" };
      },
    });
    expect(await api({ method: "GET", path: "state", body: null })).toMatchObject({
      body: { unlock: { kind: "key-path", name: "ada.sec.asc" } },
    });
    const publicKey = Buffer.from(await demoPublicKey("ada")).toString("base64");
    expect(
      await api({ method: "POST", path: "unlock", body: { key: publicKey, passphrase: "wrong" } }),
    ).toEqual({ status: 200, body: { kind: "wrong-passphrase" } });
    expect(await api({ method: "POST", path: "unlock", body: { passphrase: "right" } })).toMatchObject({
      body: { kind: "state", unlocked: true },
    });
    expect(tried).toEqual(["wrong", "right"]);
    expect(session.unlocked()).toBe(true);
  });

  it("takes a note's id and author from the desk, never from the page", async () => {
    const { api } = await unlockedDesk("notes");
    const forged = await api({
      method: "POST",
      path: "cases/R-API0-0001",
      body: { changes: [{ kind: "add-note", text: "hello", author: "Tomás Rivera", id: "n-1" }] },
    });
    expect(forged).toEqual({ status: 400, body: { kind: "error", error: "change" } });
    const added = await api({
      method: "POST",
      path: "cases/R-API0-0001",
      body: { changes: [{ kind: "add-note", text: "hello" }] },
    });
    expect(added).toMatchObject({
      status: 200,
      body: { kind: "case", case: { notes: [{ author: "Adaeze Okafor", text: "hello" }] } },
    });
    const [note] = (added.body as { case: { notes: Array<{ id: string }> } }).case.notes;
    expect(note?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses every change its schema does not know, and changes nothing when one of several is refused", async () => {
    const { api, casesDir } = await unlockedDesk("schema");
    const before = await readFile(join(casesDir, "R-API0-0001.case.asc"), "utf8");
    const change = (body: unknown) => api({ method: "POST", path: "cases/R-API0-0001", body });
    for (const body of [
      null,
      "status",
      { changes: [] },
      { changes: [{ kind: "status", status: "deleted" }] },
      { changes: [{ kind: "owner", owner: "x".repeat(201) }] },
      { changes: [{ kind: "add-note", text: "x".repeat(MAX_NOTE_CHARS + 1) }] },
      { changes: [{ kind: "add-tag", tag: { kind: "weapon", name: "x" } }] },
      { changes: Array.from({ length: 21 }, () => ({ kind: "status", status: "closed" })) },
      { changes: [{ kind: "status", status: "closed" }], also: 1 },
      JSON.parse('{"changes":[{"kind":"status","status":"closed","__proto__":{"polluted":true}}]}'),
    ]) {
      expect(await change(body), JSON.stringify(body)?.slice(0, 80)).toEqual({
        status: 400,
        body: { kind: "error", error: "change" },
      });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Status and an empty note together: the note is refused, so the status is not saved either.
    expect(
      await change({
        changes: [
          { kind: "status", status: "closed" },
          { kind: "add-note", text: "   " },
        ],
      }),
    ).toEqual({ status: 200, body: { kind: "refused", reason: "the note is empty" } });
    expect(await readFile(join(casesDir, "R-API0-0001.case.asc"), "utf8")).toBe(before);
    expect(await api({ method: "GET", path: "cases/R-API0-0001", body: null })).toMatchObject({
      body: { case: { status: "new", notes: [] } },
    });
  });

  it("knows a case only by a reference of letters, digits and hyphens: nothing else reaches the folder", async () => {
    const { api, casesDir } = await unlockedDesk("routes");
    for (const path of [
      "cases/../../etc/passwd",
      "cases/..%2F..%2Fetc%2Fpasswd",
      "cases/R-API0-0001/../R-API0-0001",
      "cases/R-API0-0001.case.asc",
      "cases/R-API0-0001/",
      "cases/",
      `cases/${"A".repeat(41)}`,
      "cases/R-API0-0001\u0000",
      "case/R-API0-0001",
      "state/",
      "nothing",
    ]) {
      for (const method of ["GET", "POST"]) {
        expect(
          await api({ method, path, body: { changes: [{ kind: "status", status: "closed" }] } }),
          `${method} ${path}`,
        ).toEqual({ status: 404, body: { kind: "error", error: "route" } });
      }
    }
    // A well-formed reference the desk does not have is unknown, on read and on write.
    expect(await api({ method: "GET", path: "cases/R-API0-9999", body: null })).toEqual({
      status: 404,
      body: { kind: "unknown" },
    });
    expect(
      await api({
        method: "POST",
        path: "cases/r-api0-0001",
        body: { changes: [{ kind: "status", status: "closed" }] },
      }),
    ).toEqual({ status: 404, body: { kind: "unknown" } });
    // Other methods on a real route are not routes.
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
      expect(await api({ method, path: "cases/R-API0-0001", body: null }), method).toEqual({
        status: 404,
        body: { kind: "error", error: "route" },
      });
    }
    expect(await api({ method: "POST", path: "state", body: null })).toMatchObject({ status: 404 });
    expect(await readdir(casesDir)).toEqual(["R-API0-0001.case.asc"]);
  });

  it("keeps every one of many changes posted to one case at once", async () => {
    const { api } = await unlockedDesk("concurrent");
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        api({
          method: "POST",
          path: "cases/R-API0-0001",
          body: {
            changes: [
              { kind: "add-note", text: `note ${n}` },
              { kind: "add-tag", tag: { kind: "place", name: `Room ${n}` } },
            ],
          },
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    // A desk started afresh on the folder reads all twelve back from the file.
    const reread = await unlockedDesk("concurrent");
    const view = await reread.api({ method: "GET", path: "cases/R-API0-0001", body: null });
    const saved = (view.body as { case: { notes: Array<{ text: string }>; tags: unknown[] } }).case;
    expect(saved.notes.map((note) => note.text).sort()).toEqual(
      Array.from({ length: 12 }, (_, n) => `note ${n}`).sort(),
    );
    expect(saved.tags).toHaveLength(12);
  });

  it("imports only inputs of the shape it knows, and deletes only with confirm: true", async () => {
    const { api } = await unlockedDesk("import");
    for (const body of [
      { inputs: [] },
      { inputs: [{ name: "x".repeat(MAX_INPUT_NAME_CHARS + 1), text: toAda }] },
      { inputs: Array.from({ length: MAX_IMPORT_INPUTS + 1 }, () => ({ name: "a.asc", text: "" })) },
      { inputs: [{ name: "a.asc", text: toAda, path: "/etc/passwd" }] },
      { inputs: "report" },
    ]) {
      expect(await api({ method: "POST", path: "import", body }), JSON.stringify(body).slice(0, 60)).toEqual({
        status: 400,
        body: { kind: "error", error: "import", files: MAX_IMPORT_INPUTS, nameChars: MAX_INPUT_NAME_CHARS },
      });
    }
    expect(
      await api({ method: "POST", path: "import", body: { inputs: [{ name: "again.asc", text: toAda }] } }),
    ).toMatchObject({ status: 200, body: { kind: "imported", summary: { alreadyHere: ["R-API0-0001"] } } });
    expect(
      await api({ method: "POST", path: "retention/delete", body: { references: ["R-API0-0001"] } }),
    ).toEqual({ status: 400, body: { kind: "error", error: "confirm" } });
    // Confirmed, but not due (the case is not even closed): nothing is deleted.
    expect(
      await api({
        method: "POST",
        path: "retention/delete",
        body: { references: ["R-API0-0001"], confirm: true },
      }),
    ).toEqual({ status: 200, body: { kind: "deleted", deleted: [], due: [] } });
  });

  it("refuses unknown options by name", () => {
    const { lang, strings } = deskStrings("en");
    const session = createDeskSession({ site, casesDir: join(work, "unused") });
    expect(() =>
      deskApi({ session, mode: { kind: "unlocked" }, strings, lang, token: "x" } as Parameters<
        typeof deskApi
      >[0]),
    ).toThrow("deskApi: unknown option token");
  });
});
