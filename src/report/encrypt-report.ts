import { createMessage, encrypt, type Key, readKey } from "openpgp";

/**
 * Encrypts a report's plaintext to the chosen responders, in one OpenPGP message with hidden
 * recipients (`wildcard: true`): the ciphertext does not say who can read it. GnuPG decrypts such
 * messages by trying the secret keys it has.
 *
 * The same code runs in the browser (bundled with `openpgp/lightweight`) and in Node (tests, tools).
 *
 * @param options.plaintext - the composed, padded report
 * @param options.recipientKeys - the chosen responders' public keys, armored or already parsed (a parsed
 *   key can be reused: openpgp.js remembers that its self-signatures were verified, which is most of the
 *   cost of encrypting a short report)
 * @param options.now - the moment the keys must be valid at (default: now)
 * @returns the armored message
 * @throws TypeError on unknown options or when no recipient is given
 */
export async function encryptReport(options: {
  plaintext: string;
  recipientKeys: readonly (string | Key)[];
  now?: Date;
}): Promise<string> {
  const unknown = Object.keys(options).filter((key) => !["plaintext", "recipientKeys", "now"].includes(key));
  if (unknown.length > 0) throw new TypeError(`encryptReport: unknown option ${unknown.join(", ")}`);
  if (options.recipientKeys.length === 0)
    throw new TypeError("encryptReport: at least one recipient key is needed");
  const keys = await Promise.all(
    options.recipientKeys.map((key) => (typeof key === "string" ? readKey({ armoredKey: key }) : key)),
  );
  // Binary, not text: a text message turns every LF into CRLF, so the ciphertext would grow with the
  // number of lines and undo the padding. gpg prints the bytes as they are.
  const message = await createMessage({
    binary: new TextEncoder().encode(options.plaintext),
    format: "utf8",
  });
  return encrypt({
    message,
    encryptionKeys: keys,
    wildcard: true,
    format: "armored",
    ...(options.now ? { date: options.now } : {}),
  });
}
