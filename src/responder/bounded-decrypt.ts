import { spawn } from "node:child_process";
import type { PrivateKey, SessionKey } from "openpgp";
import { rejectUnknownOptions } from "../options/reject-unknown-options.ts";
import { MAX_RECIPIENT_PACKETS } from "../report/message-packets.ts";
import { type Curve25519Result, decryptCurve25519 } from "./curve25519-decrypt.ts";
import type { Curve25519Key } from "./curve25519-keys.ts";

/**
 * The one way Confide decrypts a message a stranger sent (`confide decrypt --key` and `--gpg`, the
 * desk, tests): with a bound on what it may produce, so a tiny hostile message (256 MiB of zeros,
 * bzip2-compressed, is 785 bytes armored) is refused by name instead of exhausting memory, and the
 * reports around it still come out. Never throws on a message.
 */

/**
 * The largest plaintext a report may decrypt to, in bytes: 8 MiB.
 *
 * Why this number: the inbox and the hook refuse ciphertexts over MAX_CIPHERTEXT_BYTES (2 MiB armored,
 * so about 1.5 MiB of data), and the form never compresses, so no report the form can deliver decrypts
 * to more than about 1.5 MiB (padded to a 64 KiB bucket). 8 MiB leaves room for reports that arrive by
 * other ways (a Formspree export of a larger post, a copy a responder re-encrypted with gpg's default
 * compression), while 32 decryptions in flight stay far below Node's default heap.
 */
export const MAX_REPORT_BYTES = 8 * 1024 * 1024;

/** What one decryption gives. The plaintext is the decrypted bytes read as UTF-8. */
export type DecryptResult =
  | { kind: "decrypted"; plaintext: string }
  | { kind: "not-addressed"; reason: string }
  | { kind: "damaged"; reason: string }
  /** the message is refused unread: it would decrypt to more than the limit, or costs too much to try */
  | { kind: "refused"; reason: string }
  /** the key or tool cannot work at all (gpg missing, the passphrase refused): stop, do not go on */
  | { kind: "unusable"; reason: string };

/** What decrypts: unlocked openpgp.js private keys, or the responder's GnuPG keyring. */
export type Decrypter =
  /**
   * Unlocked private keys (see unlockResponderKey in decrypt-messages.ts), or a function that reads
   * them when first needed. `curve25519`: the same keys' Curve25519 encryption keys, tried first
   * through Node's crypto (curve25519-decrypt.ts); openpgp.js decrypts what that does not handle.
   */
  | {
      kind: "keys";
      keys: readonly PrivateKey[] | (() => Promise<readonly PrivateKey[]>);
      curve25519?: readonly Curve25519Key[];
    }
  /**
   * `gpg --decrypt`, once per message, with the user's own keyring and agent.
   * `program`: the gpg program (default "gpg" on the PATH); `env`: its environment (default this process's).
   */
  | { kind: "gpg"; program?: string; env?: NodeJS.ProcessEnv };

/** Options for {@link decryptBounded}. */
export interface DecryptBoundedOptions {
  /** the armored message, untrusted */
  armored: string;
  /** what decrypts it */
  decrypter: Decrypter;
  /** the largest plaintext accepted, in bytes (default {@link MAX_REPORT_BYTES}; tests lower it) */
  maxBytes?: number;
}

const NOT_ADDRESSED = "not addressed to this key";

/**
 * Decrypts one message without ever holding more than `maxBytes` of its plaintext (plus one chunk).
 *
 * With keys, openpgp.js is told the same limit for decompression (`maxDecompressedMessageSize`): it
 * decompresses through a stream in 64 KiB input chunks and stops as soon as the output passes the
 * limit, at every level of nesting, streaming or not (measured: the 789-byte bzip2 message and 256 MiB
 * of zlib-compressed zeros are refused with under 30 MB more memory). Without compression the
 * plaintext is never larger than the ciphertext, which is already in memory. So the message is
 * decrypted whole, not as a web stream: streaming cost 2.5 times the CPU per report (issue 11's
 * 500-report decrypt), and the whole decryption checks integrity before any plaintext is handed over.
 * With gpg, `--max-output` asks gpg to stop, and gpg is killed as soon as its output passes the limit
 * anyway.
 *
 * @param options.armored - the armored message, untrusted
 * @param options.decrypter - openpgp.js keys or gpg (see {@link Decrypter})
 * @param options.maxBytes - the largest plaintext accepted (default {@link MAX_REPORT_BYTES})
 * @returns decrypted, not-addressed, damaged, refused (too large, too many recipients) or unusable;
 *   never rejects for anything in the message
 * @throws TypeError on unknown options or a limit that is not a positive whole number
 */
export function decryptBounded(options: DecryptBoundedOptions): Promise<DecryptResult> {
  const { armored, decrypter, maxBytes = MAX_REPORT_BYTES, ...rest } = options;
  rejectUnknownOptions("decryptBounded", rest);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new TypeError(`decryptBounded: maxBytes must be a positive whole number, not ${maxBytes}`);
  if (decrypter.kind === "gpg") return decryptWithGpg(armored, decrypter, maxBytes);
  const fast = fastPath(armored, decrypter.curve25519 ?? [], maxBytes);
  if (fast.kind === "decrypted")
    return Promise.resolve({ kind: "decrypted", plaintext: new TextDecoder().decode(fast.plaintext) });
  return decryptWithKeys(armored, decrypter.keys, maxBytes);
}

/**
 * The Curve25519 fast path, which is written not to throw; should it ever, the message is simply
 * left to openpgp.js, which then says what is wrong with it.
 */
function fastPath(armored: string, keys: readonly Curve25519Key[], maxBytes: number): Curve25519Result {
  try {
    return decryptCurve25519({ armored, keys, maxBytes });
  } catch {
    return { kind: "not-handled" };
  }
}

/** The reason given for a message refused for its size. */
export function tooLargeReason(maxBytes: number): string {
  return `refused: it would decrypt to more than ${formatBytes(maxBytes)}, far more than any report (a compressed "decompression bomb", or not a report)`;
}

async function decryptWithKeys(
  armored: string,
  readKeys: readonly PrivateKey[] | (() => Promise<readonly PrivateKey[]>),
  maxBytes: number,
): Promise<DecryptResult> {
  // Loaded here, not at the top: the Curve25519 fast path decrypts most reports without it, and
  // openpgp.js is a third of `confide decrypt`'s start-up.
  const { decrypt, decryptSessionKeys, enums, readMessage } = await import("openpgp");
  const keys = typeof readKeys === "function" ? await readKeys() : readKeys;
  let message: Awaited<ReturnType<typeof readMessage>>;
  try {
    message = await readMessage({ armoredMessage: armored });
  } catch (error) {
    return { kind: "damaged", reason: `the message cannot be read (${errorText(error)})` };
  }
  const recipients = message.packets.filterByTag(enums.packet.publicKeyEncryptedSessionKey).length;
  if (recipients > MAX_RECIPIENT_PACKETS)
    return {
      kind: "refused",
      reason: `refused: it names ${recipients} recipients, more than the ${MAX_RECIPIENT_PACKETS} any report form sends (trying each would take minutes)`,
    };
  let sessionKeys: Awaited<ReturnType<typeof decryptSessionKeys>>;
  try {
    sessionKeys = await decryptSessionKeys({ message, decryptionKeys: [...keys] });
  } catch {
    return { kind: "not-addressed", reason: NOT_ADDRESSED };
  }
  let data: Uint8Array;
  try {
    // openpgp's types want an algorithm; it is null for v2 (AEAD) data, which decrypt() reads itself.
    const decrypted = await decrypt({
      message,
      sessionKeys: sessionKeys as SessionKey[],
      format: "binary",
      // One byte over the limit, so "exactly the limit" still decrypts and "more" is told apart.
      config: { maxDecompressedMessageSize: maxBytes + 1 },
    });
    data = decrypted.data as Uint8Array;
  } catch (error) {
    return failedDecryption(error, maxBytes);
  }
  if (data.byteLength > maxBytes) return { kind: "refused", reason: tooLargeReason(maxBytes) };
  return { kind: "decrypted", plaintext: new TextDecoder().decode(data) };
}

/** openpgp.js's errors while decrypting: the decompression limit is a refusal, anything else damage. */
function failedDecryption(error: unknown, maxBytes: number): DecryptResult {
  const text = errorText(error);
  if (/maximum decompressed/i.test(text)) return { kind: "refused", reason: tooLargeReason(maxBytes) };
  return { kind: "damaged", reason: `the message does not decrypt intact (${text})` };
}

/**
 * gpg prints little besides the plaintext; its messages and status lines are kept up to this many bytes
 * each, so a message cannot make gpg's chatter (one line per hidden recipient tried) grow without end.
 */
const MAX_GPG_SIDE_OUTPUT = 256 * 1024;

function decryptWithGpg(
  armored: string,
  decrypter: Extract<Decrypter, { kind: "gpg" }>,
  maxBytes: number,
): Promise<DecryptResult> {
  const program = decrypter.program ?? "gpg";
  const env = decrypter.env ?? process.env;
  return new Promise<DecryptResult>((resolve) => {
    const child = spawn(
      program,
      // --max-output: gpg's own bound on what it writes (it then fails); the kill below is the backstop.
      ["--batch", "--quiet", "--status-fd", "3", "--max-output", String(maxBytes + 1), "--decrypt"],
      { env, stdio: ["pipe", "pipe", "pipe", "pipe"] },
    );
    const stdout: Buffer[] = [];
    const stderr = boundedCollector(MAX_GPG_SIDE_OUTPUT);
    const status = boundedCollector(MAX_GPG_SIDE_OUTPUT);
    let size = 0;
    let tooLarge = false;
    child.stdout?.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.byteLength;
      if (size > maxBytes) {
        tooLarge = true;
        stdout.length = 0;
        child.kill("SIGKILL");
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.on("data", stderr.add);
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on("data", status.add);
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
      const said = stderr.text();
      if (tooLarge || /exceeded --max-output/i.test(said)) {
        resolve({ kind: "refused", reason: tooLargeReason(maxBytes) });
        return;
      }
      const lines = status.text().split("\n");
      resolve(
        classifyGpg({
          status: lines.filter((line) => line.startsWith("[GNUPG:] ")).map((line) => line.slice(9)),
          code,
          stdout: Buffer.concat(stdout),
          stderr: said,
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

/** Collects a stream's chunks up to `limit` bytes and drops the rest. */
function boundedCollector(limit: number): { add: (chunk: Buffer) => void; text: () => string } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add: (chunk) => {
      if (size >= limit) return;
      const kept = chunk.subarray(0, limit - size);
      chunks.push(kept);
      size += kept.byteLength;
    },
    text: () => Buffer.concat(chunks).toString("utf8"),
  };
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** An error's message, without its stack: the messages openpgp.js and Node write are safe to show. */
function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
