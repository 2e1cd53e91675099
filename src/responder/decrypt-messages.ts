import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import {
  decrypt,
  decryptKey,
  decryptSessionKeys,
  type Key,
  type PrivateKey,
  readKeys,
  readMessage,
  type SessionKey,
} from "openpgp";
import { decryptInOrder } from "./decrypt-stream.ts";
import type { FoundMessage } from "./find-messages.ts";

/**
 * Decrypts the messages find-messages.ts found, with an openpgp.js private key (read and unlocked once)
 * or through the responder's GnuPG keyring (`gpg --decrypt`, one process per message). Each message
 * ends as decrypted, not addressed to this key, or damaged; nothing here throws on a message.
 */

/** What one decryption gives. The plaintext is the decrypted bytes read as UTF-8. */
export type DecryptResult =
  | { kind: "decrypted"; plaintext: string }
  | { kind: "not-addressed"; reason: string }
  | { kind: "damaged"; reason: string }
  /** the key or tool cannot work at all (gpg missing, the passphrase refused): stop, do not go on */
  | { kind: "unusable"; reason: string };

/** Decrypts one armored message; resolves, never rejects. */
export type MessageDecryptor = (armored: string) => Promise<DecryptResult>;

/** One found message and what became of it. */
export type DecryptOutcome =
  | { kind: "decrypted"; message: FoundMessage; plaintext: string }
  | { kind: "not-addressed"; message: FoundMessage; reason: string }
  | { kind: "damaged"; message: FoundMessage; reason: string };

/** What {@link readResponderKey} finds in a key file. */
export type ResponderKey =
  /** private keys; `locked` when at least one needs its passphrase */
  | { kind: "private"; keys: PrivateKey[]; locked: boolean }
  | { kind: "public" }
  | { kind: "invalid"; reason: string };

const NOT_ADDRESSED = "not addressed to this key";

/**
 * Reads a key file's text (armored, or binary as `gpg --export-secret-keys` writes without --armor).
 * Says whether it holds private keys, only a public key, or no key at all.
 *
 * @param options.key - the key file's bytes
 */
export async function readResponderKey(options: { key: Uint8Array }): Promise<ResponderKey> {
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
 * A decryptor that uses unlocked openpgp.js private keys. It first recovers the session key: when no
 * key can (the recipients are hidden, so this is the only way to tell), the message is not addressed
 * to these keys; when the session key is found but the data does not decrypt intact, it is damaged.
 * (A message damaged inside its encrypted session key reads as not addressed: hidden recipients make
 * the two look the same.)
 *
 * @param options.keys - unlocked private keys (see {@link unlockResponderKey})
 */
export function keyDecryptor(options: { keys: readonly PrivateKey[] }): MessageDecryptor {
  const decryptionKeys = [...options.keys];
  return async (armored) => {
    let message: Awaited<ReturnType<typeof readMessage>>;
    try {
      message = await readMessage({ armoredMessage: armored });
    } catch (error) {
      return { kind: "damaged", reason: `the message cannot be read (${errorText(error)})` };
    }
    let sessionKeys: Awaited<ReturnType<typeof decryptSessionKeys>>;
    try {
      sessionKeys = await decryptSessionKeys({ message, decryptionKeys });
    } catch {
      return { kind: "not-addressed", reason: NOT_ADDRESSED };
    }
    try {
      // openpgp's types want an algorithm; it is null for v2 (AEAD) data, which decrypt() reads itself.
      const { data } = await decrypt({ message, sessionKeys: sessionKeys as SessionKey[], format: "binary" });
      return { kind: "decrypted", plaintext: new TextDecoder().decode(data) };
    } catch (error) {
      return { kind: "damaged", reason: `the message does not decrypt intact (${errorText(error)})` };
    }
  };
}

/**
 * A decryptor that runs `gpg --decrypt` once per message, with the user's own keyring (GNUPGHOME is
 * honoured as gpg honours it) and gpg's agent asking for the passphrase. The outcome is read from gpg's
 * machine-readable status lines, not its exit code: gpg exits 2 when any hidden recipient is not one of
 * its keys, even after decrypting with another. The plaintext travels through a pipe only; what gpg
 * printed for a message that failed is dropped.
 *
 * @param options.gpg - the gpg program (default: "gpg" on the PATH)
 * @param options.env - the environment gpg runs in (default: this process's)
 */
export function gpgDecryptor(options: { gpg?: string; env?: NodeJS.ProcessEnv } = {}): MessageDecryptor {
  const program = options.gpg ?? "gpg";
  const env = options.env ?? process.env;
  return (armored) =>
    new Promise<DecryptResult>((resolve) => {
      const child = spawn(program, ["--batch", "--quiet", "--status-fd", "3", "--decrypt"], {
        env,
        stdio: ["pipe", "pipe", "pipe", "pipe"],
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      const status: Buffer[] = [];
      child.stdout?.on("data", (chunk: Buffer) => stdout.push(chunk));
      child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
      (child.stdio[3] as NodeJS.ReadableStream | null)?.on("data", (chunk: Buffer) => status.push(chunk));
      child.on("error", (error: NodeJS.ErrnoException) => {
        resolve({
          kind: "unusable",
          reason:
            error.code === "ENOENT"
              ? `${program} was not found: install GnuPG, or decrypt with --key and your exported private key`
              : `${program} could not be started (${error.code ?? error.message})`,
        });
      });
      child.on("close", (code) => {
        const lines = Buffer.concat(status).toString("utf8").split("\n");
        resolve(
          classifyGpg({
            status: lines.filter((line) => line.startsWith("[GNUPG:] ")).map((line) => line.slice(9)),
            code,
            stdout: Buffer.concat(stdout),
            stderr: Buffer.concat(stderr).toString("utf8"),
          }),
        );
      });
      child.stdin?.on("error", () => {
        // gpg may exit before reading all of a damaged message; the close handler still reports it.
      });
      child.stdin?.end(armored);
    });
}

/**
 * Reads gpg's status lines (see GnuPG's doc/DETAILS) into an outcome.
 *
 * @param result.status - the status lines, without their "[GNUPG:] " prefix
 * @param result.code - gpg's exit code
 * @param result.stdout - what gpg printed: the plaintext, when it decrypted
 * @param result.stderr - gpg's messages, quoted when nothing else explains a failure
 */
export function classifyGpg(result: {
  status: readonly string[];
  code: number | null;
  stdout: Uint8Array;
  stderr: string;
}): DecryptResult {
  const keywords = new Set(result.status.map((line) => line.split(" ")[0]));
  const has = (keyword: string) => keywords.has(keyword);
  if (has("DECRYPTION_OKAY") && !has("DECRYPTION_FAILED") && !has("BADMDC") && !has("FAILURE")) {
    return { kind: "decrypted", plaintext: new TextDecoder().decode(result.stdout) };
  }
  if (has("BAD_PASSPHRASE") || has("MISSING_PASSPHRASE") || /cancel/i.test(result.stderr)) {
    return {
      kind: "unusable",
      reason: "gpg could not unlock your secret key (the passphrase was wrong, or its prompt was cancelled)",
    };
  }
  if (has("NODATA")) return { kind: "damaged", reason: "gpg found no OpenPGP data in it" };
  if (has("BADMDC"))
    return { kind: "damaged", reason: "gpg: the message was modified after it was encrypted" };
  if (has("ENC_TO") && !has("DECRYPTION_KEY")) return { kind: "not-addressed", reason: NOT_ADDRESSED };
  const said = result.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("gpg:") && !/scdaemon|smartcard/i.test(line))
    .join("; ");
  return { kind: "damaged", reason: `gpg could not decrypt it (${said || `exit code ${result.code}`})` };
}

/**
 * How many gpg processes to run at once: two per core (much of a gpg run is spent waiting for its agent),
 * at most 8. Measured on 2 cores: 4 at once beat 2 by about a tenth, and more gained nothing.
 */
export const GPG_CONCURRENCY = Math.min(8, 2 * availableParallelism());

/**
 * The default number of messages in flight with openpgp.js keys: their key agreement runs on Node's
 * crypto thread pool, so several at once keep both it and the main thread busy.
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
