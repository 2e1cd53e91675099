import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { privateKeyDiagnostic } from "../../src/content/private-keys.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";

const privateKey = readFileSync(join(PROJECT_ROOT, "demo/private-keys/ada.sec.asc"), "utf8");
const publicKey = readFileSync(join(PROJECT_ROOT, "content/keys/ada.asc"), "utf8");

describe("privateKeyDiagnostic", () => {
  it("issue 14: points at the line and column where a private key pasted into a page starts", () => {
    const text = `---\ntitle: Keys\n---\n\nHere is Ada's key:\n\n    ${privateKey.replaceAll("\n", "\n    ")}`;
    const diagnostic = privateKeyDiagnostic({ file: "keys.md", text });
    expect(diagnostic).toMatchObject({ file: "keys.md", line: 7, col: 5, severity: "error" });
    expect(diagnostic?.message).toMatch(/PRIVATE key\. It would be published on the site/);
    expect(diagnostic?.fix).toMatch(/gpg --armor --export EMAIL/);
  });

  it("issue 14: finds a private key in a YAML block and in a file the site does not publish", () => {
    const yaml = `attribution: |\n  ${privateKey.trim().replaceAll("\n", "\n  ")}\n`;
    expect(privateKeyDiagnostic({ file: "_data/site.yaml", text: yaml })).toMatchObject({
      line: 1 + 1,
      col: 3,
    });
    const left = privateKeyDiagnostic({
      file: "keys/ada.sec.asc",
      text: privateKey.replaceAll("\n", "\r\n"),
    });
    expect(left?.message).toMatch(/goes into the site's repository/);
    // Confide publishes markdown pages only: an .html file or a page in keys/ is not published either.
    for (const file of ["notes.html", "keys/notes.md"])
      expect(privateKeyDiagnostic({ file, text: privateKey })?.message, file).toMatch(
        /goes into the site's repository/,
      );
  });

  it("passes public keys, and text that only names the armor line", () => {
    expect(privateKeyDiagnostic({ file: "keys/ada.asc", text: publicKey })).toBeNull();
    const guide =
      "If a file says `-----BEGIN PGP PRIVATE KEY BLOCK-----`, never send it.\n\nAnything else.\n";
    expect(privateKeyDiagnostic({ file: "responder-guide.md", text: guide })).toBeNull();
  });
});
