import type { Key, Subkey } from "openpgp";
import { describeNotAKey } from "./not-a-key.ts";

/** What the site needs to know about a responder's public key, read from the key itself. */
export interface KeyFacts {
  /** Uppercase hex, no spaces. */
  fingerprint: string;
  created: Date;
  /** When the key stops working for encryption (the earlier of the key's and its encryption subkey's expiry). */
  expires: Date | null;
  /** e.g. "ed25519 + cv25519" or "RSA 4096". */
  algorithm: string;
  userIds: string[];
  /** The key re-armored from its public packets only: what the site publishes. */
  armoredPublicKey: string;
  /** Lowercase hex key ids of the parts flagged and valid for encryption: what a message names when it does not hide them. */
  encryptionKeyIds: string[];
}

/** One thing wrong (or worth a warning) with a key, in an organiser's words. */
export interface KeyProblem {
  severity: "error" | "warning";
  message: string;
  fix: string;
}

/** One armored block of any kind, from its BEGIN line to its END line. */
const ARMOR_BLOCK = /-----BEGIN PGP [A-Z ,/0-9]+-----[\s\S]*?-----END PGP [A-Z ,/0-9]+-----/g;

/** RSA keys below this are refused: they can be broken. */
export const RSA_REFUSED_BELOW_BITS = 2048;
/** RSA keys below this are accepted with a warning: current guidance asks for 3072 or more. */
export const RSA_WARNED_BELOW_BITS = 3072;

const ENCRYPTION_ALGORITHMS = new Set(["rsaEncryptSign", "rsaEncrypt", "elgamal", "ecdh", "x25519", "x448"]);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads an armored key and says whether reports can be encrypted to it now.
 *
 * The checks run in the order an organiser can act on them: not a key at all, a private key, more
 * than one key, a weak RSA key, revoked, expired, no usable encryption subkey, expiring soon.
 *
 * @param options.armored - the key file's text
 * @param options.fileName - the key file as the organiser knows it (`keys/ada.asc`), quoted in messages
 * @param options.now - the moment the key must be usable at
 * @param options.warnDays - warn when the key stops working within this many days
 * @returns the key's facts (when it could be read) and every problem found
 */
export async function inspectKey(options: {
  armored: string;
  fileName: string;
  now: Date;
  warnDays: number;
}): Promise<{ facts: KeyFacts | null; problems: KeyProblem[] }> {
  const { armored, fileName, now, warnDays } = options;
  const verdict = await rememberedVerdict({ armored, fileName, now });
  const problems = [...verdict.problems];
  const { facts, usable } = verdict;
  const expires = facts?.expires ?? null;
  if (usable && expires && expires.getTime() - now.getTime() <= warnDays * DAY_MS) {
    const days = Math.ceil((expires.getTime() - now.getTime()) / DAY_MS);
    problems.push({
      severity: "warning",
      message: `${fileName} expires on ${isoDate(expires)}, in ${days} day${days === 1 ? "" : "s"}. After that, the form cannot encrypt reports to this responder.`,
      fix: "Ask the responder to extend it (`gpg --quick-set-expire FINGERPRINT 2y` and `gpg --quick-set-expire FINGERPRINT 2y '*'`), then replace the file with the re-exported public key.",
    });
  }
  return { facts, problems };
}

/**
 * What openpgp.js says of a key at one moment: its facts, its problems (all but the expiry warning,
 * which {@link inspectKey} works out from `expires`), and whether it can encrypt. The same at every
 * moment strictly between two of the key's instants (see {@link keyInstants}).
 */
export interface KeyVerdict {
  facts: KeyFacts | null;
  problems: KeyProblem[];
  usable: boolean;
}

/** A verdict as kept between runs: dates as milliseconds, and the seconds it holds between. */
export interface KeptVerdict {
  facts: (Omit<KeyFacts, "created" | "expires"> & { created: number; expires: number | null }) | null;
  problems: KeyProblem[];
  usable: boolean;
  /** The verdict holds for a moment (and a clock) strictly between these seconds (null: no bound). */
  after: number | null;
  before: number | null;
  clockAfter: number | null;
  clockBefore: number | null;
}

/** Where verdicts are kept between runs (see {@link useKeyVerdictCache}). */
export interface KeyVerdictMemory {
  get(text: string): KeptVerdict | undefined;
  set(text: string, verdict: KeptVerdict): void;
}

let memory: KeyVerdictMemory | null = null;

/**
 * Makes {@link inspectKey} answer from (and add to) a memory of verdicts on keys it read before, or
 * stop doing so (null). A verdict is found by the key file's bytes and name, and used only at a
 * moment when the key's validity cannot have changed since (issue 11: loading openpgp.js and reading
 * the keys was a good part of a small site's build).
 *
 * @param kept - the memory, or null for none
 */
export function useKeyVerdictCache(kept: KeyVerdictMemory | null): void {
  memory = kept;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const strictlyBetween = (value: number, after: number | null, before: number | null) =>
  (after === null || after < value) && (before === null || value < before);

/** The verdict, from the memory when it holds now, or from openpgp.js (and then kept). */
async function rememberedVerdict(options: {
  armored: string;
  fileName: string;
  now: Date;
}): Promise<KeyVerdict> {
  const { armored, fileName, now } = options;
  const text = `${fileName}\n${armored}`;
  const kept = memory?.get(text);
  const clock = seconds(new Date());
  if (
    kept &&
    strictlyBetween(seconds(now), kept.after, kept.before) &&
    strictlyBetween(clock, kept.clockAfter, kept.clockBefore)
  ) {
    const { facts } = kept;
    return {
      facts: facts && {
        ...facts,
        created: new Date(facts.created),
        expires: facts.expires === null ? null : new Date(facts.expires),
      },
      problems: kept.problems,
      usable: kept.usable,
    };
  }
  const { verdict, instants } = await keyVerdict({ armored, fileName, now });
  const around = (moment: number) => {
    if (instants.includes(moment)) return null; // on one of the key's instants: not kept
    // keyInstants gives them in order: the neighbours are the last one before and the first one after.
    return {
      after: instants.findLast((instant) => instant < moment) ?? null,
      before: instants.find((instant) => instant > moment) ?? null,
    };
  };
  const atNow = around(seconds(now));
  const atClock = around(clock);
  // A key made after `now` is refused with `now`'s date in the message ("after the moment it is
  // checked for (…)"), which no other moment shares: such a verdict is not kept.
  const madeLater = verdict.facts !== null && verdict.facts.created.getTime() > now.getTime();
  if (memory && atNow && atClock && !madeLater) {
    const { facts } = verdict;
    memory.set(text, {
      facts: facts && {
        ...facts,
        created: facts.created.getTime(),
        expires: facts.expires?.getTime() ?? null,
      },
      problems: verdict.problems,
      usable: verdict.usable,
      after: atNow.after,
      before: atNow.before,
      clockAfter: atClock.after,
      clockBefore: atClock.before,
    });
  }
  return verdict;
}

/**
 * Every instant (whole seconds) at which openpgp.js's answers about these keys can change: when a
 * key, subkey or signature was made, and when a key or signature expires. openpgp.js compares the
 * moment it is asked about (rounded down to the second) with these and nothing else, so between two
 * of them every answer stays the same. Found by walking every packet, so none is missed (embedded
 * signatures, user attributes, revocations).
 */
function keyInstants(keys: readonly Key[]): number[] {
  const found = new Set<number>();
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (value instanceof Date) {
      found.add(seconds(value));
      return;
    }
    if (!value || typeof value !== "object" || seen.has(value) || ArrayBuffer.isView(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.created instanceof Date) {
      const made = seconds(record.created);
      for (const lifetime of [record.keyExpirationTime, record.signatureExpirationTime])
        if (typeof lifetime === "number" && lifetime > 0) found.add(made + lifetime);
    }
    for (const inner of Object.values(record)) walk(inner);
  };
  for (const key of keys) walk(key);
  return [...found].sort((a, b) => a - b);
}

/** The verdict at `now`, from openpgp.js, and the key's instants. */
async function keyVerdict(options: {
  armored: string;
  fileName: string;
  now: Date;
}): Promise<{ verdict: KeyVerdict; instants: number[] }> {
  const { armored, fileName, now } = options;
  // Loaded here, not with the module: a build whose keys are all known does without it (issue 11).
  const { readKeys } = await import("openpgp");
  const problems: KeyProblem[] = [];

  let keys: Key[];
  try {
    // Every armor block: openpgp reads only the first, so `cat ada.asc ada.sec.asc > keys/ada.asc`
    // would pass unseen, private block and all.
    const blocks = armored.match(ARMOR_BLOCK) ?? [armored];
    keys = (await Promise.all(blocks.map((block) => readKeys({ armoredKeys: block })))).flat();
  } catch {
    const notAKey: KeyProblem[] = [{ severity: "error", ...describeNotAKey({ text: armored, fileName }) }];
    return { verdict: { facts: null, problems: notAKey, usable: false }, instants: [] };
  }
  const instants = keyInstants(keys);

  const key = keys[0] as Key;
  if (keys.some((k) => k.isPrivate())) {
    // The facts are withheld on purpose: nothing from a private key file may reach the site.
    return {
      instants,
      verdict: {
        facts: null,
        usable: false,
        problems: [
          {
            severity: "error",
            message: `${fileName} holds a PRIVATE key. It was not published, and must not be: whoever has it can read every report sent to that responder.`,
            fix: `Replace the file with the public key only (\`gpg --armor --export EMAIL > ${fileName}\`, not --export-secret-keys), and ask the responder to make a new key pair if this file was ever shared or committed.`,
          },
        ],
      },
    };
  }
  if (keys.length > 1) {
    problems.push({
      severity: "error",
      message: `${fileName} holds ${keys.length} keys (${keys.map((k) => k.getUserIDs()[0] ?? k.getFingerprint().toUpperCase()).join("; ")}); it must hold one responder's key.`,
      fix: `Export just that responder's key: \`gpg --armor --export FINGERPRINT > ${fileName}\`, with the fingerprint the roster gives for them.`,
    });
  }

  const newFormat = rfc9580Only(key);
  if (newFormat) {
    problems.push({
      severity: "error",
      message: `${fileName} is ${newFormat}, which GnuPG, Thunderbird and Sequoia 0.x cannot use yet: the responder could not open reports encrypted to it with them.`,
      fix: `Ask the responder for a key every tool reads: \`npx confide keygen\` makes one, or \`gpg --quick-generate-key 'Name <email>' default default 2y\`; then export its public key with \`gpg --armor --export EMAIL > ${fileName}\`.`,
    });
  }

  const fingerprint = key.getFingerprint().toUpperCase();
  const weakest = weakestRsa(key);
  if (weakest !== null && weakest < RSA_REFUSED_BELOW_BITS) {
    problems.push({
      severity: "error",
      message: `${fileName} is an RSA key of ${weakest} bits, too short to be safe.`,
      fix: "Ask the responder for a new key: `gpg --quick-generate-key 'Name <email>' default default 2y` (curve25519), or RSA of 3072 bits or more.",
    });
  } else if (weakest !== null && weakest < RSA_WARNED_BELOW_BITS) {
    problems.push({
      severity: "warning",
      message: `${fileName} is an RSA key of ${weakest} bits; 3072 or more is recommended.`,
      fix: "It works for now; suggest the responder makes a curve25519 or RSA 4096 key before the next event.",
    });
  }

  const expiration = await key.getExpirationTime();
  const primaryExpires = expiration instanceof Date ? expiration : null;
  let usable = true;
  if (await key.isRevoked(undefined, undefined, now)) {
    usable = false;
    problems.push({
      severity: "error",
      message: `${fileName} has been revoked by its owner, so reports can no longer be encrypted to it.`,
      fix: "Ask the responder for their current public key and its fingerprint, or set receives_reports: false.",
    });
  } else if (key.getCreationTime() > now) {
    usable = false;
    problems.push({
      severity: "error",
      message: `${fileName} was made on ${isoDate(key.getCreationTime())}, after the moment it is checked for (${isoDate(now)}), so it is not valid yet.`,
      fix: "If SOURCE_DATE_EPOCH is set (a reproducible build), set it to now or later (`date +%s`): keys are checked at that moment. Otherwise correct this computer's clock.",
    });
  } else if (primaryExpires && primaryExpires <= now) {
    usable = false;
    problems.push({
      severity: "error",
      message: `${fileName} expired on ${isoDate(primaryExpires)}.`,
      fix: "Ask the responder to extend it (`gpg --quick-set-expire FINGERPRINT 2y`, and for the subkey `gpg --quick-set-expire FINGERPRINT 2y '*'`) and send the re-exported public key.",
    });
  }

  let encryptionExpires: Date | null = null;
  if (usable && (weakest === null || weakest >= RSA_REFUSED_BELOW_BITS)) {
    try {
      const encryptionKey = await key.getEncryptionKey(undefined, now);
      const subkeyExpiration = await encryptionKey.getExpirationTime();
      encryptionExpires = subkeyExpiration instanceof Date ? subkeyExpiration : null;
    } catch {
      problems.push(await noEncryptionKeyProblem(key, fileName, now));
      usable = false;
    }
  }

  const expires = earliest(primaryExpires, encryptionExpires);
  const facts: KeyFacts = {
    fingerprint,
    created: key.getCreationTime(),
    expires,
    algorithm: describeAlgorithm(key),
    userIds: key.getUserIDs(),
    armoredPublicKey: key.toPublic().armor(),
    encryptionKeyIds: await encryptionCapableKeyIds(key, now),
  };
  return { verdict: { facts, problems, usable }, instants };
}

/** Says why a key that is neither revoked nor expired still cannot encrypt. */
async function noEncryptionKeyProblem(key: Key, fileName: string, now: Date): Promise<KeyProblem> {
  const newKey =
    "`npx confide keygen`, or `gpg --quick-generate-key 'Name <email>' default default 2y` (curve25519)";
  // openpgp.js refuses DSA and ElGamal keys outright (GnuPG 1.x's default): adding a subkey would not help.
  const weak = key.getKeys().find((part) => WEAK_ALGORITHMS.has(part.getAlgorithmInfo().algorithm));
  if (weak)
    return {
      severity: "error",
      message: `${fileName} is an old ${weak.getAlgorithmInfo().algorithm === "dsa" ? "DSA" : "ElGamal"} key, which the report form's encryption refuses as too weak.`,
      fix: `Ask the responder for a new key: ${newKey}, then export its public key with \`gpg --armor --export EMAIL > ${fileName}\`.`,
    };
  const encryptionSubkeys = key.getSubkeys().filter((subkey) => isEncryptionAlgorithm(subkey));
  for (const subkey of encryptionSubkeys) {
    // No signature and no key: any of the subkey's revocations counts (what openpgp.js itself passes;
    // its declarations ask for both).
    if (await subkey.isRevoked(undefined as never, undefined as never, now))
      return {
        severity: "error",
        message: `${fileName}: its encryption subkey was revoked by its owner, so reports cannot be encrypted to it.`,
        fix: "Ask the responder to add a new one (`gpg --quick-add-key FINGERPRINT cv25519 encr 2y`) and send the re-exported public key.",
      };
  }
  for (const subkey of encryptionSubkeys) {
    const expiration = await subkey.getExpirationTime();
    if (expiration instanceof Date && expiration <= now) {
      return {
        severity: "error",
        message: `${fileName}: its encryption subkey expired on ${isoDate(expiration)}, so reports cannot be encrypted to it.`,
        fix: "Ask the responder to extend the subkey (`gpg --quick-set-expire FINGERPRINT 2y '*'`) or add a new one (`gpg --quick-add-key FINGERPRINT cv25519 encr 2y`), and send the re-exported public key.",
      };
    }
  }
  return {
    severity: "error",
    message: `${fileName} has no subkey that can encrypt (it can only sign), so reports cannot be encrypted to it.`,
    fix: "Ask the responder to add one: `gpg --quick-add-key FINGERPRINT cv25519 encr 2y`, then export the public key again.",
  };
}

/**
 * The ids of the key's parts that may encrypt at `now`: an encryption algorithm, key flags that allow
 * encryption, and valid then. An RSA primary key can encrypt by its algorithm, but GnuPG's primaries
 * are flagged for signing only; no client encrypts to one, so its id is never listed as a recipient.
 */
async function encryptionCapableKeyIds(key: Key, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const part of key.getKeys()) {
    try {
      await key.getEncryptionKey(part.getKeyID(), now);
      ids.push(part.getKeyID().toHex());
    } catch {
      // flagged for signing only, expired or revoked at `now`
    }
  }
  return ids;
}

function isEncryptionAlgorithm(key: Key | Subkey): boolean {
  return ENCRYPTION_ALGORITHMS.has(key.getAlgorithmInfo().algorithm);
}

/** Algorithms openpgp.js refuses as too weak (`rejectPublicKeyAlgorithms`): GnuPG 1.x's DSA and ElGamal keys. */
const WEAK_ALGORITHMS = new Set(["dsa", "elgamal"]);

/** Public-key algorithms that only RFC 9580 defines (X25519, X448, Ed25519, Ed448 as ids 25 to 28). */
const RFC9580_ALGORITHMS = new Set(["x25519", "x448", "ed25519", "ed448"]);

/**
 * Why only tools that implement RFC 9580 read the key, in words, or null: a version 6 key, or a
 * version 4 key with one of RFC 9580's new algorithms (openpgp.js makes both). Measured: gpg 2.2,
 * rnp 0.16 (Thunderbird's engine) and sq 0.27 neither import it nor decrypt a message to it.
 */
function rfc9580Only(key: Key): string | null {
  if (key.keyPacket.version === 6) return "a version 6 key (RFC 9580)";
  const part = key.getKeys().find((p) => RFC9580_ALGORITHMS.has(p.getAlgorithmInfo().algorithm));
  return part ? `a key in RFC 9580's new ${part.getAlgorithmInfo().algorithm} format` : null;
}

/** The smallest RSA modulus among the key and its subkeys, or null when no part is RSA. */
function weakestRsa(key: Key): number | null {
  const sizes = key
    .getKeys()
    .map((part) => part.getAlgorithmInfo())
    .filter((info) => info.algorithm.startsWith("rsa") && typeof info.bits === "number")
    .map((info) => info.bits as number);
  return sizes.length > 0 ? Math.min(...sizes) : null;
}

function describeAlgorithm(key: Key): string {
  const names = key.getKeys().map((part) => {
    const info = part.getAlgorithmInfo();
    if (info.algorithm.startsWith("rsa")) return `RSA ${info.bits}`;
    if (info.curve === "curve25519Legacy" || info.algorithm === "x25519") return "cv25519";
    if (info.curve === "ed25519Legacy" || info.algorithm === "ed25519") return "ed25519";
    return info.curve ?? info.algorithm;
  });
  return [...new Set(names)].join(" + ");
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

/** A date as YYYY-MM-DD, the form organisers and gpg both read without ambiguity. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
