import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDeskSite } from "../../src/desk/desk-site.ts";
import { contentFolder, EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

/** The example's site.yaml with one line replaced. */
async function siteYamlWith(from: string, to: string): Promise<string> {
  const text = await readFile(join(EXAMPLE_CONTENT, "_data/site.yaml"), "utf8");
  if (!text.includes(from)) throw new Error(`site.yaml has no "${from}"`);
  return text.replace(from, to);
}

describe("the desk's view of the site", () => {
  it("picks out of the example what the desk uses: the event, its time zone, the promise, the questions, the team", async () => {
    const loaded = await loadDeskSite({ dir: EXAMPLE_CONTENT, now: NOW });
    if (loaded.kind !== "site") throw new Error(loaded.message);
    const { team, ...site } = loaded.site;
    expect(site).toEqual({
      dir: EXAMPLE_CONTENT,
      event: "Tidewater Tech Days 2027",
      timeZone: "Europe/London",
      languages: ["en-GB", "ar", "es"],
      followUp: "within one week",
      period: { days: 7, working: false },
      retentionDays: 365,
      transparencyThreshold: 3,
      labels: expect.objectContaining({ what: "What happened?", contact: "How can we reach you?" }),
      contactField: "contact",
      // Every language's wording of "yes": a report in Arabic still raises the urgent flag.
      ongoingYes: ["Yes, it is still happening", "نعم، ما زال يحدث", "Sí, sigue ocurriendo"],
    });
    // Only responders who receive reports and have a key: the venue liaison is not on the team.
    expect(team.map((member) => [member.id, member.name, member.fingerprint])).toEqual([
      ["ada", "Adaeze Okafor", "9D5721AD485C3B63B26CC8AFCD9202DE592E486D"],
      ["tomas", "Tomás Rivera", "AB60B3903F5E9F8B4ADD8EDE56F7045605917C2C"],
      ["mei", "Mei Lin Chen", "7FCF798F6B9F6DCE4E0BBE0EA33B397F935C91A5"],
    ]);
    for (const member of team)
      expect(member.armoredPublicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });

  it("takes desk.follow_up_days over the promise's words, and has no period when neither names one", async () => {
    const days = await contentFolder({
      "_data/site.yaml": await siteYamlWith(
        "  retention_days: 365\n",
        "  retention_days: 365\n  follow_up_days: 3\n",
      ),
    });
    const vague = await contentFolder({
      "_data/site.yaml": await siteYamlWith("follow_up: within one week", "follow_up: as soon as we can"),
    });
    try {
      const withDays = await loadDeskSite({ dir: days.dir, now: NOW });
      expect(withDays.kind === "site" && withDays.site.period).toEqual({ days: 3, working: false });
      const withoutPeriod = await loadDeskSite({ dir: vague.dir, now: NOW });
      expect(withoutPeriod.kind === "site" && withoutPeriod.site.period).toBeNull();
    } finally {
      await days.cleanup();
      await vague.cleanup();
    }
  });

  it("names a missing content folder and how to give the right one", async () => {
    expect(await loadDeskSite({ dir: "/no/such/content", now: NOW })).toEqual({
      kind: "error",
      message:
        "the content folder /no/such/content does not exist: give the site's content folder with --content DIR.",
    });
  });

  it("refuses a content folder with errors, each as file:line:col, and says how to see them all", async () => {
    const broken = await contentFolder({
      "_data/site.yaml": await siteYamlWith("  retention_days: 365", "  retention_days: forever"),
    });
    try {
      const loaded = await loadDeskSite({ dir: broken.dir, now: NOW });
      expect(loaded.kind).toBe("error");
      const [first, ...problems] = (loaded.kind === "error" ? loaded.message : "").split("\n");
      expect(first).toBe(`${broken.dir} has errors (run npx confide check --content ${broken.dir}):`);
      expect(problems).toEqual([expect.stringMatching(/_data\/site\.yaml:\d+:\d+: .*retention_days/)]);
    } finally {
      await broken.cleanup();
    }
  });

  it("refuses unknown options by name", async () => {
    await expect(
      loadDeskSite({ dir: EXAMPLE_CONTENT, now: NOW, cases: "x" } as Parameters<typeof loadDeskSite>[0]),
    ).rejects.toThrow("loadDeskSite: unknown option cases");
  });
});
