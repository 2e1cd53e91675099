import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parsedKey, sealReport } from "../../src/client/seal-report.ts";
import { reportSchema } from "../../src/report/report-fields.ts";
import { EXAMPLE_CONTENT } from "../helpers/content-folder.ts";
import { decryptWithOpenpgp, demoPrivateKey } from "../helpers/report-site.ts";

const adaKey = () => readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8");

describe("sealReport's keys", () => {
  it("issue 11: parses each responder's key once per page, and reuses it for every report", async () => {
    const armored = await adaKey();
    const first = parsedKey(armored);
    expect(parsedKey(armored)).toBe(first);
    expect(await parsedKey(armored)).toBe(await first);
  });

  it("does not keep a key that fails to parse: the next attempt parses it again", async () => {
    const broken = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n";
    const first = parsedKey(broken);
    await expect(first).rejects.toThrow();
    const second = parsedKey(broken);
    expect(second).not.toBe(first);
    await expect(second).rejects.toThrow();
  });

  it("seals two reports with the same parsed key, each readable by the responder", async () => {
    const recipient = {
      id: "ada",
      name: "Adaeze Okafor",
      role: "Lead responder",
      pronouns: null,
      about: null,
      fingerprint: "",
      expires: null,
      languages: null,
      readsPageLanguage: true,
      photo: null,
      armoredKey: await adaKey(),
    };
    const { fields } = reportSchema.parse(
      parse(await readFile(join(EXAMPLE_CONTENT, "_data/report.yaml"), "utf8")),
    );
    for (const answer of ["The first report.", "The second report."]) {
      const { ciphertext } = await sealReport({
        fields,
        answers: { what: answer },
        eventName: "Tidewater Tech Days 2027",
        reference: "R-AAAA-BBBB",
        submittedAt: new Date("2027-06-04T10:00:00Z"),
        language: "en",
        recipients: [recipient],
      });
      const { text } = await decryptWithOpenpgp(ciphertext, await demoPrivateKey("ada"));
      expect(text).toContain(answer);
    }
  });
});
