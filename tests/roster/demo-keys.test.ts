import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readKey } from "openpgp";
import { describe, expect, it } from "vitest";
import { DEMO_KEY_FINGERPRINTS } from "../../src/roster/demo-keys.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";

describe("demo keys", () => {
  it("lists exactly the keys whose private halves ship in demo/private-keys", async () => {
    const dir = join(PROJECT_ROOT, "demo/private-keys");
    const files = (await readdir(dir)).filter((file) => file.endsWith(".sec.asc"));
    const fingerprints = await Promise.all(
      files.map(async (file) =>
        (await readKey({ armoredKey: await readFile(join(dir, file), "utf8") }))
          .getFingerprint()
          .toUpperCase(),
      ),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(fingerprints)).toEqual(DEMO_KEY_FINGERPRINTS);
  });

  it("are the keys the example roster publishes", async () => {
    for (const id of ["ada", "tomas", "mei"]) {
      const key = await readKey({
        armoredKey: await readFile(join(PROJECT_ROOT, `content/keys/${id}.asc`), "utf8"),
      });
      expect(DEMO_KEY_FINGERPRINTS.has(key.getFingerprint().toUpperCase())).toBe(true);
    }
  });
});
