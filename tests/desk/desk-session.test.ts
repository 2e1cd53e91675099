import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_VERSIONS } from "../../src/desk/case-file.ts";
import { type DeskIdentity, unlockKeyFile } from "../../src/desk/desk-identity.ts";
import { createDeskSession, type DeskSession } from "../../src/desk/desk-session.ts";
import { type DeskSite, loadDeskSite } from "../../src/desk/desk-site.ts";
import { encryptReport } from "../../src/report/encrypt-report.ts";
import { contentFolder } from "../helpers/content-folder.ts";
import {
  type DemoId,
  demoPrivateKeyPath,
  demoPublicKey,
  demoReport,
  emailWith,
  inboxRecord,
} from "../helpers/desk-fixtures.ts";
import { BZIP2_BOMB } from "../helpers/hostile-messages.ts";

const SENTINEL = "SENTINEL-7f3a9c-report";
const NOTE_SENTINEL = "SENTINEL-7f3a9c-note";
const SENT = new Date("2027-06-05T14:03:27Z");

async function identityOf(id: DemoId): Promise<DeskIdentity> {
  const result = await unlockKeyFile({ key: await readFile(demoPrivateKeyPath(id)) });
  if (result.kind !== "unlocked") throw new Error(`cannot unlock ${id}: ${result.kind}`);
  return result.identity;
}

describe("a desk session", () => {
  let content: Awaited<ReturnType<typeof contentFolder>>;
  let casesDir: string;
  let site: DeskSite;
  let clock = new Date("2027-06-06T09:00:00Z");
  const now = () => clock;
  const session = (): DeskSession => createDeskSession({ site, casesDir, now });
  let toAll: string;
  let toAda: string;
  let toTomas: string;

  beforeAll(async () => {
    content = await contentFolder();
    casesDir = await mkdtemp(join(tmpdir(), "confide-cases-"));
    const loaded = await loadDeskSite({ dir: content.dir, now: new Date() });
    if (loaded.kind !== "site") throw new Error(loaded.message);
    site = loaded.site;
    [toAll, toAda, toTomas] = await Promise.all([
      demoReport({
        reference: "R-AAAA-0001",
        to: ["ada", "tomas"],
        answers: { what: `${SENTINEL} <img src=x>`, ongoing: "Yes, it is still happening" },
        submittedAt: SENT,
      }),
      demoReport({ reference: "R-AAAA-0002", to: ["ada"], answers: { what: SENTINEL }, submittedAt: SENT }),
      demoReport({ reference: "R-AAAA-0003", to: ["tomas"], answers: { what: SENTINEL }, submittedAt: SENT }),
    ]);
  });
  afterAll(async () => {
    await content.cleanup();
    await rm(casesDir, { recursive: true, force: true });
  });

  it("imports an email and an inbox record of the same report as one case, and names what it cannot open", async () => {
    const desk = session();
    await desk.unlock(await identityOf("ada"));
    const result = await desk.importTexts([
      { source: "mail.eml", text: emailWith(toAll, "R-AAAA-0001") },
      { source: "inbox/1.json", text: inboxRecord(toAll, "R-AAAA-0001", "2027-06-05T14:03:29Z") },
      { source: "inbox/2.json", text: inboxRecord(toAda, "R-AAAA-0002", "2027-06-05T14:03:30Z") },
      { source: "inbox/3.json", text: inboxRecord(toTomas, "R-AAAA-0003", "2027-06-05T14:03:31Z") },
      { source: "notes.txt", text: "nothing here" },
    ]);
    expect(result).toEqual({
      kind: "imported",
      summary: {
        added: ["R-AAAA-0001", "R-AAAA-0002"],
        alreadyHere: ["R-AAAA-0001"],
        newVersions: [],
        notAddressed: ["inbox/3.json submission 1"],
        damaged: [],
        withoutReport: ["notes.txt: no encrypted report in it"],
      },
    });
    expect((await readdir(casesDir)).sort()).toEqual(["R-AAAA-0001.case.asc", "R-AAAA-0002.case.asc"]);
  });

  it("shows a report's facts: still happening, sent to, no contact left, the reply due a week after it was sent", async () => {
    const desk = session();
    await desk.unlock(await identityOf("ada"));
    const view = desk.view("R-AAAA-0001");
    expect(view).toMatchObject({
      status: "new",
      state: "due",
      due: "2027-06-12T14:03:27.000Z",
      stillHappening: true,
      report: { kind: "report", sentTo: ["Adaeze Okafor", "Tomás Rivera"], contactLeft: false },
    });
    clock = new Date("2027-06-13T00:00:00Z");
    expect(desk.overview().cases.map((c) => [c.reference, c.state])).toEqual([
      ["R-AAAA-0001", "overdue"],
      ["R-AAAA-0002", "overdue"],
    ]);
  });

  it("keeps notes and tags only encrypted, and a second responder the reporter chose opens the case", async () => {
    const ada = session();
    await ada.unlock(await identityOf("ada"));
    await ada.change("R-AAAA-0001", { kind: "status", status: "acknowledged" });
    await ada.change("R-AAAA-0001", { kind: "add-note", id: "", author: "", text: NOTE_SENTINEL });
    await ada.change("R-AAAA-0001", { kind: "add-tag", tag: { kind: "person", name: "Blue hat" } });
    await ada.change("R-AAAA-0002", { kind: "add-tag", tag: { kind: "person", name: "blue HAT" } });
    for (const name of await readdir(casesDir)) {
      const text = await readFile(join(casesDir, name), "utf8");
      expect(text).toMatch(/^-----BEGIN PGP MESSAGE-----/);
      expect(text).not.toContain("SENTINEL");
      expect((await stat(join(casesDir, name))).mode & 0o777).toBe(0o600);
    }
    expect(ada.patterns()).toEqual([
      { tag: { kind: "person", name: "Blue hat" }, references: ["R-AAAA-0001", "R-AAAA-0002"] },
    ]);

    const tomas = session();
    await tomas.unlock(await identityOf("tomas"));
    const overview = tomas.overview();
    // R-AAAA-0002 was sent to Ada alone: its case file is encrypted to her alone.
    expect(overview.cases.map((c) => c.reference)).toEqual(["R-AAAA-0001"]);
    expect(overview.othersCaseFiles).toBe(1);
    expect(overview.me).toBe("Tomás Rivera");
    expect(tomas.view("R-AAAA-0001")?.notes.map((n) => [n.author, n.text])).toEqual([
      ["Adaeze Okafor", NOTE_SENTINEL],
    ]);
  });

  it("merges two desks' notes on the same case instead of losing one", async () => {
    const ada = session();
    const tomas = session();
    await ada.unlock(await identityOf("ada"));
    await tomas.unlock(await identityOf("tomas"));
    clock = new Date("2027-06-14T00:00:00Z");
    await ada.change("R-AAAA-0001", { kind: "add-note", id: "", author: "", text: "Ada's second note" });
    clock = new Date("2027-06-14T00:01:00Z");
    await tomas.change("R-AAAA-0001", { kind: "add-note", id: "", author: "", text: "Tomás's note" });
    const reread = session();
    await reread.unlock(await identityOf("ada"));
    expect(reread.view("R-AAAA-0001")?.notes.map((n) => n.text)).toEqual([
      NOTE_SENTINEL,
      "Ada's second note",
      "Tomás's note",
    ]);
  });

  it("writes the transparency figures without small counts, and deletes closed cases once their time is up", async () => {
    const desk = session();
    await desk.unlock(await identityOf("ada"));
    await desk.change("R-AAAA-0001", { kind: "category", category: "Harassment" });
    await desk.change("R-AAAA-0001", { kind: "status", status: "closed" });
    const { data, path } = await desk.writeTransparency();
    expect(path).toBe(join(content.dir, "_data/transparency.yaml"));
    // Two cases, threshold 3: nothing but "fewer than 3".
    expect(data).toMatchObject({ total: null, categories: [], outcomes: [], threshold: 3 });
    expect(await readFile(path, "utf8")).not.toMatch(/Harassment|SENTINEL/);

    expect(desk.retentionDue()).toEqual([]);
    clock = new Date("2028-06-15T00:00:00Z");
    expect(desk.retentionDue().map((d) => d.reference)).toEqual(["R-AAAA-0001"]);
    // Only what is due is deleted, whatever the page asks for.
    expect(await desk.deleteDue(["R-AAAA-0001", "R-AAAA-0002"])).toEqual({ deleted: ["R-AAAA-0001"] });
    expect(await readdir(casesDir)).toEqual(["R-AAAA-0002.case.asc"]);
  });

  it("issue 15: keeps another version under the same reference, refuses a huge report and a compression bomb by name, and shows control characters inert", async () => {
    const desk = session();
    await desk.unlock(await identityOf("ada"));
    const edited = await demoReport({
      reference: "R-AAAA-0002",
      to: ["ada"],
      answers: { what: "The same report, sent again with a correction.\u001b]0;pwned\u0007" },
      submittedAt: new Date(SENT.getTime() + 60_000),
    });
    const huge = await demoReport({
      reference: "R-AAAA-0005",
      to: ["ada"],
      answers: { what: "x".repeat(1_100_000) },
      submittedAt: SENT,
    });
    const result = await desk.importTexts([
      { source: "edit.asc", text: edited },
      { source: "huge.asc", text: huge },
      { source: "bomb.asc", text: BZIP2_BOMB },
      { source: "again.asc", text: edited },
    ]);
    expect(result).toMatchObject({
      kind: "imported",
      summary: {
        added: [],
        alreadyHere: ["R-AAAA-0002"],
        newVersions: ["R-AAAA-0002"],
        damaged: [
          expect.stringMatching(/^huge\.asc message 1: the decrypted report is larger than 1 MiB/),
          // Issue 10's 789-byte message that decompresses to 256 MiB: refused by the bounded decryption.
          expect.stringMatching(/^bomb\.asc message 1: refused: it would decrypt to more than/),
        ],
      },
    });
    const view = desk.view("R-AAAA-0002");
    expect(view?.earlierVersions).toHaveLength(1);
    expect(view?.earlierVersions[0]).toContain(SENTINEL);
    const what =
      view?.report.kind === "report" ? view.report.fields.find((f) => f.id === "what")?.answer : null;
    expect(what).toBe("The same report, sent again with a correction.\\x1B]0;pwned\\x07");
  });

  it("does not take a case file copied under another reference for that case", async () => {
    await copyFile(join(casesDir, "R-AAAA-0002.case.asc"), join(casesDir, "R-AAAA-0009.case.asc"));
    const desk = session();
    await desk.unlock(await identityOf("ada"));
    const overview = desk.overview();
    expect(overview.cases.map((c) => c.reference)).toEqual(["R-AAAA-0002"]);
    expect(overview.unreadableCaseFiles).toEqual(["R-AAAA-0009.case.asc: it holds the case R-AAAA-0002"]);
    expect(desk.view("R-AAAA-0009")).toBeNull();
  });

  it("issue 15: desk: a version sent under a known reference cannot open the case to a responder the reporter left out", async () => {
    const VICTIM = "SENTINEL-7f3a9c-victim";
    const [original, forged] = await Promise.all([
      demoReport({ reference: "R-BBBB-0001", to: ["ada"], answers: { what: VICTIM }, submittedAt: SENT }),
      // Tomás saw the reference in the notification email's subject, and names himself, a day later.
      demoReport({
        reference: "R-BBBB-0001",
        to: ["ada", "tomas"],
        answers: { what: "A correction." },
        submittedAt: new Date(SENT.getTime() + 86_400_000),
      }),
    ]);
    const ada = session();
    await ada.unlock(await identityOf("ada"));
    await ada.importTexts([{ source: "original.asc", text: original }]);
    await ada.change("R-BBBB-0001", { kind: "add-note", id: "", author: "", text: NOTE_SENTINEL });
    const imported = await ada.importTexts([{ source: "forged.asc", text: forged }]);
    expect(imported).toMatchObject({ kind: "imported", summary: { newVersions: ["R-BBBB-0001"] } });
    // Both versions stay on Ada's desk, the later one shown first.
    expect(ada.view("R-BBBB-0001")?.earlierVersions.join("")).toContain(VICTIM);

    const tomas = session();
    await tomas.unlock(await identityOf("tomas"));
    expect(
      tomas.overview().cases.map((c) => c.reference),
      "the case file is encrypted only to those every version was sent to",
    ).not.toContain("R-BBBB-0001");
  });

  it("issue 15: desk: a case keeps its first versions and refuses more by name, so sent versions cannot push the original out", async () => {
    const ada = session();
    await ada.unlock(await identityOf("ada"));
    const versions = await Promise.all(
      Array.from({ length: MAX_VERSIONS + 1 }, (_, n) =>
        demoReport({
          reference: "R-BBBB-0001",
          to: ["ada", "tomas"],
          answers: { what: `Version ${n}` },
          submittedAt: new Date(SENT.getTime() + (n + 2) * 86_400_000),
        }),
      ),
    );
    const result = await ada.importTexts(versions.map((text, n) => ({ source: `v${n}.asc`, text })));
    expect(result.kind === "imported" && result.summary.damaged).toEqual([
      expect.stringMatching(/^v9\.asc message 1: the case R-BBBB-0001 already holds 10 other versions/),
      expect.stringMatching(/^v10\.asc message 1: the case R-BBBB-0001 already holds 10 other versions/),
    ]);
    const view = ada.view("R-BBBB-0001");
    expect(view?.earlierVersions).toHaveLength(MAX_VERSIONS);
    expect(view?.earlierVersions.join("")).toContain("SENTINEL-7f3a9c-victim");
  });

  it("issue 15: desk: names a case file only after a well-formed reference, whatever the report claims", async () => {
    const claims = [
      "../../../tmp/R-AAAA-0001",
      "R-AAAA-0001.case.asc",
      "R-aaaa-0001",
      "R-AAAA-0001\u0000",
      "CON",
    ];
    const adaPublic = await demoPublicKey("ada");
    const texts = await Promise.all(
      claims.map((reference) =>
        encryptReport({
          plaintext: [
            "CONFIDE INCIDENT REPORT",
            "Format: confide-report/2",
            "Event: Tidewater Tech Days 2027",
            `Reference: ${reference}`,
            "Submitted: 2027-06-05T14:03:27Z",
            "Language: en",
            "Sent to: Adaeze Okafor",
            "",
            "== What happened? [what] ==",
            `Claims ${reference}`,
            "== End of report ==",
            "",
          ].join("\n"),
          recipientKeys: [adaPublic],
        }),
      ),
    );
    const folder = await mkdtemp(join(tmpdir(), "confide-cases-names-"));
    try {
      const desk = createDeskSession({ site, casesDir: folder, now });
      await desk.unlock(await identityOf("ada"));
      const result = await desk.importTexts(texts.map((text, n) => ({ source: `claim-${n}.asc`, text })));
      const added = result.kind === "imported" ? result.summary.added : [];
      expect(added).toHaveLength(claims.length);
      for (const reference of added) expect(reference).toMatch(/^M-[0-9a-f]{16}$/);
      expect((await readdir(folder)).sort()).toEqual(
        added.map((reference) => `${reference}.case.asc`).sort(),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("issue 15: desk: never writes over a case file it cannot read, and says which file and why", async () => {
    const [report, other] = await Promise.all([
      demoReport({ reference: "R-CCCC-0001", to: ["ada"], answers: { what: SENTINEL }, submittedAt: SENT }),
      demoReport({ reference: "R-CCCC-0002", to: ["ada"], answers: { what: SENTINEL }, submittedAt: SENT }),
    ]);
    const ada = session();
    await ada.unlock(await identityOf("ada"));
    await ada.importTexts([{ source: "report.asc", text: report }]);
    // A newer Confide's desk saves the case meanwhile, in a format this one cannot read.
    const newer = await encryptReport({
      plaintext: `CONFIDE CASE FILE\nFormat: confide-case/2\n\n{"everything": "${NOTE_SENTINEL}"}\n`,
      recipientKeys: [await demoPublicKey("ada")],
    });
    const path = join(casesDir, "R-CCCC-0001.case.asc");
    await writeFile(path, newer);
    const refused = await ada.change("R-CCCC-0001", { kind: "add-note", id: "", author: "", text: "x" });
    expect(refused).toEqual({
      kind: "refused",
      reason: expect.stringMatching(
        /^the case file R-CCCC-0001\.case\.asc is in the case folder but this desk cannot read it \(this case file uses format confide-case\/2.*\): nothing was written over it\. Fix: /,
      ),
    });
    expect(await readFile(path, "utf8")).toBe(newer);

    // Another desk, started on the folder: the file is named as unreadable, and bringing the report
    // in again names it too instead of starting the case afresh over it.
    const again = session();
    await again.unlock(await identityOf("ada"));
    expect(again.overview().unreadableCaseFiles).toContainEqual(
      expect.stringMatching(/^R-CCCC-0001\.case\.asc: this case file uses format confide-case\/2/),
    );
    // A file under the second case's name that is encrypted to someone else.
    const othersPath = join(casesDir, "R-CCCC-0002.case.asc");
    const others = await encryptReport({
      plaintext: "not for Ada",
      recipientKeys: [await demoPublicKey("tomas")],
    });
    await writeFile(othersPath, others);
    const result = await again.importTexts([
      { source: "report.asc", text: report },
      { source: "other.asc", text: other },
    ]);
    expect(result).toMatchObject({
      kind: "imported",
      summary: {
        added: [],
        damaged: [
          expect.stringMatching(
            /^report\.asc message 1: the case file R-CCCC-0001\.case\.asc is in the case folder/,
          ),
          expect.stringMatching(
            /^other\.asc message 1: the case file R-CCCC-0002\.case\.asc .*\(it is encrypted to other responders, not to you\)/,
          ),
        ],
      },
    });
    expect(await readFile(path, "utf8")).toBe(newer);
    expect(await readFile(othersPath, "utf8")).toBe(others);
    await rm(path);
    await rm(othersPath);
  });

  it("issue 15: desk: names a case file cut short (a sync that stopped halfway) and keeps it as it is", async () => {
    const report = await demoReport({
      reference: "R-CCCC-0003",
      to: ["ada"],
      answers: { what: SENTINEL },
      submittedAt: SENT,
    });
    const ada = session();
    await ada.unlock(await identityOf("ada"));
    await ada.importTexts([{ source: "report.asc", text: report }]);
    const path = join(casesDir, "R-CCCC-0003.case.asc");
    const whole = await readFile(path, "utf8");
    const cut = whole.slice(0, Math.floor(whole.length / 2));
    await writeFile(path, cut);

    const again = session();
    await again.unlock(await identityOf("ada"));
    expect(again.view("R-CCCC-0003")).toBeNull();
    expect(again.overview().unreadableCaseFiles).toContainEqual(
      expect.stringMatching(/^R-CCCC-0003\.case\.asc: \S/),
    );
    const result = await again.importTexts([{ source: "report.asc", text: report }]);
    expect(result).toMatchObject({
      kind: "imported",
      summary: {
        added: [],
        damaged: [
          expect.stringMatching(/^report\.asc message 1: the case file R-CCCC-0003\.case\.asc .*Fix: /),
        ],
      },
    });
    expect(await readFile(path, "utf8")).toBe(cut);
    await rm(path);
  });
});
