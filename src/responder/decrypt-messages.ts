import { availableParallelism } from "node:os";
import type { Key, PrivateKey } from "openpgp";
import { type DecryptResult, decryptBounded } from "./bounded-decrypt.ts";
import { type Curve25519Key, readCurve25519Keys } from "./curve25519-keys.ts";
import { decryptInOrder } from "./decrypt-stream.ts";
import type { FoundMessage } from "./find-messages.ts";

export { classifyGpg, type DecryptResult, MAX_REPORT_BYTES } from "./bounded-decrypt.ts";

/**
 * Decrypts the messages find-messages.ts found, with an openpgp.js private key (read and unlocked once)
 * or through the responder's GnuPG keyring (`gpg --decrypt`, one process per message), each through the
 * bounded decryption of bounded-decrypt.ts. Each message ends as decrypted, not addressed to this key,
 * damaged, or refused (too large); nothing here throws on a message.
 */

/** Decrypts one armored message; resolves, never rejects. */
export type MessageDecryptor = (armored: string) => Promise<DecryptResult>;

/** One found message and what became of it. */
export type DecryptOutcome =
  | { kind: "decrypted"; message: FoundMessage; plaintext: string }
  | { kind: "not-addressed"; message: FoundMessage; reason: string }
  | { kind: "damaged"; message: FoundMessage; reason: string }
  | { kind: "refused"; message: FoundMessage; reason: string };

/** What {@link readResponderKey} finds in a key file. */
export type ResponderKey =
  /** private keys; `locked` when at least one needs its passphrase */
  | { kind: "private"; keys: PrivateKey[]; locked: boolean }
  | { kind: "public" }
  | { kind: "invalid"; reason: string };

/**
 * Reads a key file's text (armored, or binary as `gpg --export-secret-keys` writes without --armor).
 * Says whether it holds private keys, only a public key, or no key at all.
 *
 * @param options.key - the key file's bytes
 */
export async function readResponderKey(options: { key: Uint8Array }): Promise<ResponderKey> {
  const { readKeys } = await import("openpgp");
  const text = new TextDecoder().decode(options.key);
  let keys: Key[];
  try {
    keys = text.includes("-----BEGIN PGP")
      ? await readKeys({ armoredKeys: text })
      : await readKeys({ binaryKeys: options.key });
  } catch (error) {
    return { kind: "invalid", reason: errorText(error) };
  }
  const secret = keys.filter((key): key is PrivateKey => key.isPrivate());
  if (secret.length === 0) return { kind: "public" };
  return { kind: "private", keys: secret, locked: secret.some((key) => !key.isDecrypted()) };
}

/**
 * Unlocks passphrase-protected private keys (keys without one are returned as they are).
 *
 * @param options.keys - the keys from {@link readResponderKey}
 * @param options.passphrase - the passphrase
 * @returns the usable keys, or `wrong-passphrase` when the passphrase does not unlock every locked key
 */
export async function unlockResponderKey(options: {
  keys: readonly PrivateKey[];
  passphrase: string;
}): Promise<{ kind: "unlocked"; keys: PrivateKey[] } | { kind: "wrong-passphrase" }> {
  const { decryptKey } = await import("openpgp");
  try {
    const keys = await Promise.all(
      options.keys.map((privateKey) =>
        privateKey.isDecrypted() ? privateKey : decryptKey({ privateKey, passphrase: options.passphrase }),
      ),
    );
    return { kind: "unlocked", keys };
  } catch {
    return { kind: "wrong-passphrase" };
  }
}

/**
 * The Curve25519 encryption keys of unlocked openpgp.js keys, for the fast path (curve25519-decrypt.ts).
 * An unlocked key writes its secret in the clear, which curve25519-keys.ts reads.
 *
 * @param options.keys - unlocked private keys
 */
export function curve25519KeysOf(options: { keys: readonly PrivateKey[] }): Curve25519Key[] {
  return options.keys.flatMap((key) => readCurve25519Keys({ key: key.write() }).keys);
}

/**
 * A decryptor that uses unlocked private keys. It first tries the Curve25519 keys through Node's crypto
 * (curve25519-decrypt.ts: the shape the form writes), then openpgp.js. openpgp.js first recovers the
 * session key: when no key can (the recipients are hidden, so this is the only way to tell), the
 * message is not addressed to these keys; when the session key is found but the data does not decrypt
 * intact, it is damaged. (A message damaged inside its encrypted session key reads as not addressed:
 * hidden recipients make the two look the same.)
 *
 * @param options.keys - unlocked openpgp.js keys (see {@link unlockResponderKey}), or a function that
 *   reads them when a message first needs openpgp.js (called at most once)
 * @param options.curve25519 - Curve25519 keys to try first (default: those among `keys` when they are
 *   given read, none for a function; see {@link curve25519KeysOf})
 * @param options.maxBytes - the largest plaintext accepted (default MAX_REPORT_BYTES)
 */
export function keyDecryptor(options: {
  keys: readonly PrivateKey[] | (() => Promise<readonly PrivateKey[]>);
  curve25519?: readonly Curve25519Key[];
  maxBytes?: number;
}): MessageDecryptor {
  const { keys, maxBytes } = options;
  // Keys read already (the desk's, decrypt's after a passphrase) take the fast path by default.
  const curve25519 = options.curve25519 ?? (typeof keys === "function" ? [] : curve25519KeysOf({ keys }));
  let read: Promise<readonly PrivateKey[]> | undefined;
  const decrypter = {
    kind: "keys",
    keys: typeof keys === "function" ? () => (read ??= keys()) : [...keys],
    curve25519,
  } as const;
  return (armored) => decryptBounded({ armored, decrypter, ...(maxBytes === undefined ? {} : { maxBytes }) });
}

/**
 * A decryptor that runs `gpg --decrypt` once per message, with the user's own keyring (GNUPGHOME is
 * honoured as gpg honours it) and gpg's agent asking for the passphrase. The outcome is read from gpg's
 * machine-readable status lines, not its exit code: gpg exits 2 when any hidden recipient is not one of
 * its keys, even after decrypting with another. The plaintext travels through a pipe only; what gpg
 * printed for a message that failed is dropped. gpg is stopped once its output passes the limit.
 *
 * @param options.gpg - the gpg program (default: "gpg" on the PATH)
 * @param options.env - the environment gpg runs in (default: this process's)
 * @param options.maxBytes - the largest plaintext accepted (default MAX_REPORT_BYTES)
 */
export function gpgDecryptor(
  options: { gpg?: string; env?: NodeJS.ProcessEnv; maxBytes?: number } = {},
): MessageDecryptor {
  const decrypter = {
    kind: "gpg" as const,
    ...(options.gpg === undefined ? {} : { program: options.gpg }),
    ...(options.env === undefined ? {} : { env: options.env }),
  };
  const { maxBytes } = options;
  return (armored) => decryptBounded({ armored, decrypter, ...(maxBytes === undefined ? {} : { maxBytes }) });
}

/**
 * How many gpg processes to run at once: two per core (much of a gpg run is spent waiting for its agent),
 * at most 8. Measured on 2 cores: 4 at once beat 2 by about a tenth, and more gained nothing.
 */
export const GPG_CONCURRENCY = Math.min(8, 2 * availableParallelism());

/**
 * The default number of messages in flight with keys. The Curve25519 fast path decrypts synchronously,
 * so this matters for what goes to openpgp.js: its key agreement runs on Node's crypto thread pool, and
 * several at once keep both it and the main thread busy.
 */
export const DEFAULT_CONCURRENCY = 32;

/**
 * Decrypts every message (see decrypt-stream.ts, which yields each outcome as soon as it is ready) and
 * returns every outcome, in the order of the list.
 *
 * @param options.messages - the messages, from findMessages
 * @param options.decrypt - a decryptor from {@link keyDecryptor} or {@link gpgDecryptor}
 * @param options.concurrency - how many decryptions run at once (default {@link DEFAULT_CONCURRENCY})
 * @returns one outcome per message, or `unusable` with the decryptor's reason
 */
export async function decryptMessages(options: {
  messages: readonly FoundMessage[];
  decrypt: MessageDecryptor;
  concurrency?: number;
}): Promise<{ kind: "done"; outcomes: DecryptOutcome[] } | { kind: "unusable"; reason: string }> {
  const outcomes: DecryptOutcome[] = [];
  for await (const outcome of decryptInOrder({
    messages: options.messages,
    decrypt: options.decrypt,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  })) {
    if (outcome.kind === "unusable") return outcome;
    outcomes.push(outcome);
  }
  return { kind: "done", outcomes };
}

/** An error's message, without its stack: the messages openpgp.js and Node write are safe to show. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
