import { generateKey } from "openpgp";
import { stringify } from "yaml";
import { normalizeFingerprint } from "../roster/fingerprint.ts";
import { inspectKey, type KeyFacts } from "../roster/inspect-key.ts";

/** The kinds of key `confide keygen` makes. */
export type ResponderKeyType = "curve25519" | "rsa4096";

/** The options of {@link generateResponderKey}. */
export interface GenerateResponderKeyOptions {
  /** the responder's name, as the key's user id shows it */
  name: string;
  /** the responder's email address, for the key's user id */
  email: string;
  /** protects the private key; null leaves it unprotected (only for keys kept on an encrypted disk) */
  passphrase: string | null;
  /** "curve25519" (default: ed25519 + cv25519, v4) or "rsa4096" */
  type?: ResponderKeyType;
  /** when the key stops working; must be after `now` */
  expires: Date;
  /** the key's creation time (default: now) */
  now?: Date;
}

/** A new responder key pair, and what the site will read from its public half. */
export interface GeneratedResponderKey {
  /** the public key, armored: what goes to `content/keys/<id>.asc` */
  armoredPublicKey: string;
  /** the private key, armored and protected by the passphrase (if any): never leaves the responder */
  armoredPrivateKey: string;
  /** what `inspectKey` reads from the public key: fingerprint, expiry, algorithm, user ids */
  facts: KeyFacts;
}

const OPTIONS: ReadonlySet<string> = new Set<keyof GenerateResponderKeyOptions>([
  "name",
  "email",
  "passphrase",
  "type",
  "expires",
  "now",
]);

/**
 * Makes a responder's key pair with openpgp.js: a v4 key that GnuPG 2.2 and later import as it is.
 * curve25519 is openpgp.js's `curve25519Legacy` (EdDSA ed25519 primary + ECDH cv25519 encryption
 * subkey), the same key `gpg --quick-generate-key … default` makes; RFC 9580's X25519 keys are not
 * used because GnuPG 2.2 cannot read them. The public half is checked with the site's own validator
 * (`inspectKey`), so a key this returns is one `confide check` accepts.
 *
 * @param options.name - the responder's name, for the user id
 * @param options.email - the responder's email address, for the user id
 * @param options.passphrase - protects the private key; null for none
 * @param options.type - "curve25519" (default) or "rsa4096"
 * @param options.expires - when the key (and its encryption subkey) expires
 * @param options.now - the creation time (default: now)
 * @returns the armored public and private keys and the public key's facts
 * @throws TypeError on unknown options, an empty name, email or passphrase, or an expiry not after `now`
 */
export async function generateResponderKey(
  options: GenerateResponderKeyOptions,
): Promise<GeneratedResponderKey> {
  const unknown = Object.keys(options).filter((key) => !OPTIONS.has(key));
  if (unknown.length > 0) throw new TypeError(`generateResponderKey: unknown option ${unknown.join(", ")}`);
  const { name, email, passphrase, expires } = options;
  const type = options.type ?? "curve25519";
  const now = options.now ?? new Date();
  if (name.trim() === "" || email.trim() === "")
    throw new TypeError("generateResponderKey: name and email are needed for the key's user id");
  if (passphrase === "")
    throw new TypeError("generateResponderKey: the passphrase is empty; pass null for an unprotected key");
  // OpenPGP counts key lifetimes in whole seconds from the creation time.
  const created = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const lifetime = Math.floor((expires.getTime() - created.getTime()) / 1000);
  if (lifetime <= 0) throw new TypeError("generateResponderKey: the expiry must be after the creation time");

  const { publicKey, privateKey } = await generateKey({
    ...(type === "rsa4096"
      ? { type: "rsa" as const, rsaBits: 4096 }
      : { type: "ecc" as const, curve: "curve25519Legacy" as const }),
    userIDs: [{ name: name.trim(), email: email.trim() }],
    keyExpirationTime: lifetime,
    date: created,
    ...(passphrase === null ? {} : { passphrase }),
    format: "armored",
  });

  const { facts, problems } = await inspectKey({
    armored: publicKey,
    fileName: "the new key",
    now: created,
    warnDays: 0,
  });
  const error = problems.find((problem) => problem.severity === "error");
  if (!facts || error) throw new Error(`generateResponderKey: the new key is not usable: ${error?.message}`);
  return { armoredPublicKey: facts.armoredPublicKey, armoredPrivateKey: privateKey, facts };
}

/**
 * A fingerprint the way `gpg --fingerprint` prints it and the example roster writes it: groups of
 * four, with two spaces between the two halves of a v4 fingerprint (`9D57 21AD … B26C  C8AF …`).
 *
 * @param fingerprint - hex, with or without spaces
 */
export function spacedFingerprint(fingerprint: string): string {
  const groups = normalizeFingerprint(fingerprint).match(/.{1,4}/g) ?? [];
  if (groups.length !== 10) return groups.join(" ");
  return `${groups.slice(0, 5).join(" ")}  ${groups.slice(5).join(" ")}`;
}

/** The options of {@link formatRosterEntry}. */
export interface RosterEntryOptions {
  /** the responder's id, e.g. "ada" */
  id: string;
  /** the responder's name, as attendees know it */
  name: string;
  /** what they do (default: "Responder") */
  role?: string;
  /** the responder's email address */
  email: string;
  /** the key's fingerprint */
  fingerprint: string;
}

/**
 * A responder's entry for `content/_data/roster.yaml`, in the file's own layout (two spaces, a dash,
 * then four spaces), ready to paste under `responders:`. Text that YAML would misread is quoted.
 *
 * @param options - see {@link RosterEntryOptions}
 */
export function formatRosterEntry(options: RosterEntryOptions): string {
  const scalar = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();
  return [
    `  - id: ${scalar(options.id)}`,
    `    name: ${scalar(options.name)}`,
    `    role: ${scalar(options.role ?? "Responder")}`,
    `    email: ${scalar(options.email)}`,
    `    key: keys/${options.id}.asc`,
    `    fingerprint: "${spacedFingerprint(options.fingerprint)}"`,
    "    receives_reports: true",
  ].join("\n");
}
