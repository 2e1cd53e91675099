import { describe, expect, it } from "vitest";
import {
  applyCaseChange,
  CASE_TITLE,
  type CaseFile,
  MAX_VERSIONS,
  mergeCaseFiles,
  newCaseFile,
  parseCaseFile,
  sameTag,
  serializeCaseFile,
} from "../../src/desk/case-file.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

const NOW = new Date("2027-06-05T15:00:00Z");
const LATER = new Date("2027-06-06T09:30:00Z");

function base(): CaseFile {
  return newCaseFile({
    reference: "R-7K2M-9QXD",
    report: "CONFIDE INCIDENT REPORT\nFormat: confide-report/1\n…",
    receivedAt: "2027-06-05T14:03:29Z",
    now: NOW,
  });
}

function changed(caseFile: CaseFile, change: Parameters<typeof applyCaseChange>[1], now = LATER): CaseFile {
  const result = applyCaseChange(caseFile, change, now);
  if (result.kind !== "changed") throw new Error(result.reason);
  return result.caseFile;
}

describe("the case file format", () => {
  it("round-trips a case with notes, tags, owner, category and outcome", () => {
    let caseFile = changed(base(), { kind: "status", status: "acknowledged" });
    caseFile = changed(caseFile, { kind: "owner", owner: "Adaeze Okafor" });
    caseFile = changed(caseFile, {
      kind: "add-note",
      id: "n1",
      author: "Ada",
      text: "Called back.\r\nAll fine.",
    });
    caseFile = changed(caseFile, { kind: "add-tag", tag: { kind: "place", name: "Room  2" } });
    caseFile = changed(caseFile, { kind: "category", category: "Harassment" });
    caseFile = changed(caseFile, { kind: "outcome", outcome: "Warning given" });
    caseFile = changed(caseFile, { kind: "status", status: "closed" });
    const text = serializeCaseFile(caseFile);
    expect(text.startsWith(`${CASE_TITLE}\nFormat: confide-case/1\n\n{`)).toBe(true);
    expect(parseCaseFile(`${text}\n${" ".repeat(76)}\n`)).toEqual({ kind: "case", caseFile });
    expect(caseFile.notes[0]?.text).toBe("Called back.\nAll fine.");
    expect(caseFile.tags).toEqual([{ kind: "place", name: "Room 2" }]);
    expect(caseFile.acknowledgedAt).toBe(LATER.toISOString());
    expect(caseFile.closedAt).toBe(LATER.toISOString());
  });

  it("keeps report text full of control characters and markup as it is (showing it inert is the page's job)", () => {
    const report = "<script>alert(1)</script>\u001b[2J\u0000 \u202e";
    const caseFile = { ...base(), report };
    const parsed = parseCaseFile(serializeCaseFile(caseFile));
    expect(parsed.kind === "case" && parsed.caseFile.report).toBe(report);
  });

  it("refuses a case file of a newer major version, and says to update", () => {
    const text = serializeCaseFile(base()).replace("confide-case/1", "confide-case/2");
    const parsed = parseCaseFile(text);
    expect(parsed.kind).toBe("error");
    expect(parsed.kind === "error" && parsed.message).toMatch(/confide-case\/2.*update Confide/);
  });

  it("names the field that is not valid", () => {
    const text = serializeCaseFile(base()).replace('"status": "new"', '"status": "lost"');
    expect(parseCaseFile(text)).toMatchObject({
      kind: "error",
      message: expect.stringContaining('"status"'),
    });
  });

  it("refuses an empty note and keeps the case as it was", () => {
    const caseFile = base();
    expect(
      applyCaseChange(caseFile, { kind: "add-note", id: "n1", author: "Ada", text: "  \n" }, LATER),
    ).toEqual({
      kind: "refused",
      reason: "the note is empty",
    });
    expect(caseFile.notes).toEqual([]);
  });

  it("reopening a closed case clears its closing time; acknowledging keeps the first time", () => {
    const closed = changed(base(), { kind: "status", status: "closed" });
    const reopened = changed(
      closed,
      { kind: "status", status: "in-progress" },
      new Date("2027-07-01T00:00:00Z"),
    );
    expect(reopened.closedAt).toBeNull();
    expect(reopened.acknowledgedAt).toBe(LATER.toISOString());
  });

  it("matches tags ignoring case, width and spacing", () => {
    expect(sameTag({ kind: "place", name: "Room 2" }, { kind: "place", name: "ＲＯＯＭ  2" })).toBe(true);
    expect(sameTag({ kind: "place", name: "Room 2" }, { kind: "person", name: "Room 2" })).toBe(false);
  });

  it("merges two desks' edits: both notes and tags kept, other fields from the later edit", () => {
    const start = base();
    const ours = changed(changed(start, { kind: "add-note", id: "a", author: "Ada", text: "one" }), {
      kind: "owner",
      owner: "Ada",
    });
    const theirs = changed(
      changed(
        start,
        { kind: "add-note", id: "b", author: "Tomás", text: "two" },
        new Date("2027-06-07T00:00:00Z"),
      ),
      { kind: "add-tag", tag: { kind: "person", name: "Blue hat" } },
      new Date("2027-06-07T00:00:00Z"),
    );
    const merged = mergeCaseFiles(ours, theirs);
    expect(merged.notes.map((n) => n.id)).toEqual(["a", "b"]);
    expect(merged.tags).toEqual([{ kind: "person", name: "Blue hat" }]);
    expect(merged.owner).toBeNull();
  });

  it("issue 15: keeps the versions both copies hold when a merge holds more than a case keeps", () => {
    const original = base();
    const withVersions = (prefix: string, count: number): CaseFile => ({
      ...original,
      earlierVersions: [
        ...original.earlierVersions,
        ...Array.from({ length: count }, (_, i) => `${prefix} version ${i}`),
      ],
      report: `${prefix} latest`,
      updatedAt: prefix === "theirs" ? LATER.toISOString() : NOW.toISOString(),
    });
    // Each desk kept the reporter's report and took in versions of its own since.
    const ours = {
      ...withVersions("ours", 9),
      earlierVersions: [original.report, ...withVersions("ours", 9).earlierVersions],
    };
    const theirs = {
      ...withVersions("theirs", 9),
      earlierVersions: [original.report, ...withVersions("theirs", 9).earlierVersions],
    };
    const merged = mergeCaseFiles(ours, theirs);
    expect(merged.earlierVersions).toHaveLength(MAX_VERSIONS);
    expect(merged.earlierVersions[0]).toBe(original.report);
    expect(merged.report).toBe("theirs latest");
  });

  it("never throws on 1,000 seeded random inputs, and reads none of them as a case", () => {
    const random = seededRandom(15);
    const real = serializeCaseFile(changed(base(), { kind: "add-note", id: "n", author: "A", text: "x" }));
    let errors = 0;
    for (let n = 0; n < 1000; n++) {
      let text: string;
      if (n % 2 === 0) {
        text = Array.from({ length: Math.floor(random() * 300) }, () =>
          String.fromCharCode(Math.floor(random() * 0x10000)),
        ).join("");
      } else {
        // A real case file with a random stretch cut out of it or replaced.
        const at = Math.floor(random() * real.length);
        const cut = 1 + Math.floor(random() * 20);
        text = `${real.slice(0, at)}${random() < 0.5 ? "" : "\u0000{]"}${real.slice(at + cut)}`;
      }
      const parsed = parseCaseFile(text);
      if (parsed.kind === "error") errors++;
      else expect(parsed.caseFile.reference).toBe("R-7K2M-9QXD");
    }
    expect(errors).toBeGreaterThan(900);
  });
});
