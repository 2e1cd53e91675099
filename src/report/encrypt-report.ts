import { createMessage, encrypt, generateSessionKey, type Key, readKey } from "openpgp";
import { rejectUnknownOptions } from "./reject-unknown-options.ts";

/** Options for {@link encryptReport}. */
export interface EncryptReportOptions {
  /** the composed, padded report */
  plaintext: string;
  /**
   * the recipients' public keys, armored or already parsed, in the order their packets are written (a
   * parsed key can be reused: openpgp.js remembers that its self-signatures were verified, which is most
   * of the cost of encrypting a short report)
   */
  recipientKeys: readonly (string | Key)[];
  /** the moment the keys must be valid at (default: now) */
  now?: Date;
  /**
   * Hide the recipients' key ids (`wildcard: true`). Default false: every mainstream client (Thunderbird,
   * Mailvelope, K-9/OpenKeychain) finds its key by id, and gpg then tries only the right key.
   */
  hideRecipients?: boolean;
  /**
   * Choose the cipher (and AEAD mode) as for these keys instead of `recipientKeys`: with decoys in some
   * places (hidden mode), every copy of a report then uses the same cipher suite, so the packets have
   * the same versions and lengths whoever was chosen.
   */
  cipherSuiteKeys?: readonly (string | Key)[];
}

const OPTIONS = ["plaintext", "recipientKeys", "now", "hideRecipients", "cipherSuiteKeys"] as const;

/**
 * Encrypts a report's plaintext in one OpenPGP message to the given keys, one session-key packet per
 * key in the order given.
 *
 * The same code runs in the browser (bundled with `openpgp/lightweight`) and in Node (tests, tools).
 *
 * @param options - see {@link EncryptReportOptions}
 * @returns the armored message
 * @throws TypeError on unknown options or when no recipient is given
 */
export async function encryptReport(options: EncryptReportOptions): Promise<string> {
  rejectUnknownOptions("encryptReport", options, OPTIONS);
  if (options.recipientKeys.length === 0)
    throw new TypeError("encryptReport: at least one recipient key is needed");
  const keys = await readKeys(options.recipientKeys);
  const date = options.now ? { date: options.now } : {};
  // Binary, not text: a text message turns every LF into CRLF, so the ciphertext would grow with the
  // number of lines and undo the padding. gpg prints the bytes as they are.
  const message = await createMessage({
    binary: new TextEncoder().encode(options.plaintext),
    format: "utf8",
  });
  const sessionKey = options.cipherSuiteKeys
    ? await generateSessionKey({ encryptionKeys: await readKeys(options.cipherSuiteKeys), ...date })
    : undefined;
  return encrypt({
    message,
    encryptionKeys: keys,
    wildcard: options.hideRecipients ?? false,
    format: "armored",
    ...(sessionKey ? { sessionKey } : {}),
    ...date,
  });
}

function readKeys(keys: readonly (string | Key)[]): Promise<Key[]> {
  return Promise.all(keys.map((key) => (typeof key === "string" ? readKey({ armoredKey: key }) : key)));
}
