import { spawn } from "node:child_process";
import type { PrivateKey } from "openpgp";
import { rejectUnknownOptions, withoutKeys } from "../options/reject-unknown-options.ts";
import {
  gpgDecryptor,
  keyDecryptor,
  type MessageDecryptor,
  readResponderKey,
  unlockResponderKey,
} from "../responder/decrypt-messages.ts";
import { normalizeFingerprint } from "../roster/fingerprint.ts";
import { MAX_CASE_FILE_BYTES } from "./case-file.ts";

/**
 * Who is using the desk: how they decrypt, and their own public keys (every case file they save is
 * also encrypted to them). The secret key stays in this process's memory: unlocked openpgp.js keys,
 * or GnuPG's agent, which holds it itself.
 */
export interface DeskIdentity {
  /** decrypts reports, within the bound of any report (bounded-decrypt.ts) */
  decrypt: MessageDecryptor;
  /** decrypts case files, within the bound of a case file (its notes and versions make it larger) */
  decryptCase: MessageDecryptor;
  /** the primary fingerprints of the secret keys in use, uppercase hex */
  fingerprints: string[];
  /** the armored public keys of those secret keys, when known (a key file; gpg: from the roster) */
  ownPublicKeys: string[];
  /** "key file" or "GnuPG keyring" */
  via: "key-file" | "gpg";
}

/** What {@link unlockKeyFile} gives. */
export type UnlockResult =
  | { kind: "unlocked"; identity: DeskIdentity }
  | { kind: "needs-passphrase" }
  | { kind: "wrong-passphrase" }
  | { kind: "refused"; reason: string };

/**
 * Reads a private key file and unlocks it with the passphrase when it has one.
 *
 * @param options.key - the key file's bytes (armored or binary)
 * @param options.passphrase - the passphrase, when known
 */
export async function unlockKeyFile(options: {
  key: Uint8Array;
  passphrase?: string;
}): Promise<UnlockResult> {
  rejectUnknownOptions("unlockKeyFile", withoutKeys(options, ["key", "passphrase"]));
  const read = await readResponderKey({ key: options.key });
  if (read.kind === "invalid")
    return { kind: "refused", reason: `this is not an OpenPGP key (${read.reason})` };
  if (read.kind === "public") {
    return {
      kind: "refused",
      reason:
        "this file holds only a public key, which cannot decrypt: choose your private key (gpg --export-secret-keys --armor YOUR-EMAIL, or the file confide keygen wrote)",
    };
  }
  let keys: PrivateKey[] = read.keys;
  if (read.locked) {
    if (options.passphrase === undefined || options.passphrase === "") return { kind: "needs-passphrase" };
    const unlocked = await unlockResponderKey({ keys, passphrase: options.passphrase });
    if (unlocked.kind === "wrong-passphrase") return { kind: "wrong-passphrase" };
    keys = unlocked.keys;
  }
  return {
    kind: "unlocked",
    identity: {
      decrypt: keyDecryptor({ keys }),
      decryptCase: keyDecryptor({ keys, maxBytes: MAX_CASE_FILE_BYTES }),
      fingerprints: keys.map((key) => key.getFingerprint().toUpperCase()),
      ownPublicKeys: keys.map((key) => key.toPublic().armor()),
      via: "key-file",
    },
  };
}

/**
 * Uses the responder's GnuPG keyring: decrypts with `gpg --decrypt` (its agent asks for the
 * passphrase) and finds which roster keys are theirs from `gpg --list-secret-keys`.
 *
 * @param options.team - the roster's receiving responders' fingerprints and armored public keys
 * @param options.gpg - the gpg program (default "gpg")
 * @param options.env - gpg's environment (default this process's; GNUPGHOME is honoured)
 */
export async function unlockGpg(options: {
  team: ReadonlyArray<{ fingerprint: string; armoredPublicKey: string }>;
  gpg?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<{ kind: "unlocked"; identity: DeskIdentity } | { kind: "refused"; reason: string }> {
  rejectUnknownOptions("unlockGpg", withoutKeys(options, ["team", "gpg", "env"]));
  const program = options.gpg ?? "gpg";
  const env = options.env ?? process.env;
  const listed = await listSecretFingerprints(program, env);
  if (listed.kind === "error") return { kind: "refused", reason: listed.reason };
  const mine = options.team.filter((member) =>
    listed.fingerprints.includes(normalizeFingerprint(member.fingerprint)),
  );
  if (mine.length === 0) {
    return {
      kind: "refused",
      reason:
        "no secret key in your GnuPG keyring belongs to a responder in the roster: import your private key (gpg --import), or start the desk with --key FILE",
    };
  }
  return {
    kind: "unlocked",
    identity: {
      decrypt: gpgDecryptor({ gpg: program, env }),
      decryptCase: gpgDecryptor({ gpg: program, env, maxBytes: MAX_CASE_FILE_BYTES }),
      fingerprints: mine.map((member) => normalizeFingerprint(member.fingerprint)),
      ownPublicKeys: mine.map((member) => member.armoredPublicKey),
      via: "gpg",
    },
  };
}

/** The primary fingerprints of the secret keys in a GnuPG keyring (`--with-colons`: sec then fpr). */
async function listSecretFingerprints(
  program: string,
  env: NodeJS.ProcessEnv,
): Promise<{ kind: "listed"; fingerprints: string[] } | { kind: "error"; reason: string }> {
  return new Promise((resolve) => {
    const child = spawn(program, ["--batch", "--with-colons", "--list-secret-keys"], { env });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.resume();
    child.on("error", (error: NodeJS.ErrnoException) =>
      resolve({
        kind: "error",
        reason:
          error.code === "ENOENT"
            ? `${program} was not found: install GnuPG, or start the desk with --key FILE`
            : `${program} could not be started (${error.code ?? error.message})`,
      }),
    );
    child.on("close", () => {
      const fingerprints: string[] = [];
      let afterPrimary = false;
      for (const line of out.split("\n")) {
        const fields = line.split(":");
        if (fields[0] === "sec") afterPrimary = true;
        else if (fields[0] === "fpr" && afterPrimary) {
          fingerprints.push((fields[9] ?? "").toUpperCase());
          afterPrimary = false;
        } else if (fields[0] === "ssb") afterPrimary = false;
      }
      resolve({ kind: "listed", fingerprints });
    });
  });
}
