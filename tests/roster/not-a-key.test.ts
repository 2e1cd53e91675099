import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { describe, expect, it } from "vitest";
import { describeNotAKey } from "../../src/roster/not-a-key.ts";
import { PROJECT_ROOT } from "../helpers/content-folder.ts";

const FILE = "keys/ada.asc";
const publicKey = readFileSync(join(PROJECT_ROOT, "content/keys/ada.asc"), "utf8");
const describe_ = (text: string) => describeNotAKey({ text, fileName: FILE });

describe("describeNotAKey", () => {
  it("issue 14: says what the file holds instead of a key, each with its own fix", async () => {
    const binary = Buffer.from((await openpgp.readKey({ armoredKey: publicKey })).write()).toString("utf8");
    const message = await openpgp.encrypt({
      message: await openpgp.createMessage({ text: "hi" }),
      passwords: "x",
    });
    const cases: Array<[text: string, message: string, fix: RegExp]> = [
      [
        " \n",
        "keys/ada.asc is empty.",
        /^Save the responder's public key in it: they export it with `gpg --armor --export EMAIL > keys\/ada\.asc`/,
      ],
      [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI ada@laptop\n",
        "keys/ada.asc holds an SSH key, not an OpenPGP key: reports cannot be encrypted to it.",
        /npx confide keygen/,
      ],
      [
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n",
        "keys/ada.asc holds an SSH key, not an OpenPGP key: reports cannot be encrypted to it.",
        /OpenPGP public key/,
      ],
      [
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "keys/ada.asc holds an S/MIME certificate or a PEM key, not an OpenPGP key: reports cannot be encrypted to it.",
        /OpenPGP public key/,
      ],
      [
        binary,
        "keys/ada.asc is a binary key file (exported without --armor), which Confide does not read.",
        /^Export the key again with --armor/,
      ],
      [
        publicKey.slice(0, publicKey.length / 2),
        "keys/ada.asc starts like a public key, but the key is damaged or cut short.",
        /from "-----BEGIN PGP PUBLIC KEY BLOCK-----" to "-----END PGP PUBLIC KEY BLOCK-----"/,
      ],
      [message, "keys/ada.asc holds a PGP message, not a public key.", /gpg --armor --export EMAIL/],
      [
        "my key is 9D57 21AD\n",
        "keys/ada.asc is not an OpenPGP public key.",
        /should start with "-----BEGIN PGP PUBLIC KEY BLOCK-----"/,
      ],
    ];
    for (const [text, message, fix] of cases) {
      const found = describe_(text);
      expect(found.message, text.slice(0, 40)).toBe(message);
      expect(found.fix, text.slice(0, 40)).toMatch(fix);
    }
  });
});
