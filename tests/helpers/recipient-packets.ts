import * as openpgp from "openpgp";
import { recipientsOfArmored, WILDCARD_KEY_ID } from "../../src/report/message-packets.ts";

/**
 * What a report's recipient packets (PKESKs) say, for assertions that name the promise they guard.
 * Read with src/report/message-packets.ts, the module the inbox and the hook check submissions with.
 */

export { WILDCARD_KEY_ID };

/**
 * The key id each recipient packet of an armored message names, in order (`WILDCARD_KEY_ID` for a
 * hidden recipient). Throws, naming the problem, when the text is not a well-formed message.
 */
export function recipientKeyIds(armoredMessage: string): Array<string | null> {
  const recipients = recipientsOfArmored(armoredMessage);
  if (!recipients) throw new Error("the ciphertext is not a well-formed armored OpenPGP message");
  return recipients.map((recipient) => recipient.keyId);
}

/** The ids of a public key's encryption-capable subkeys (read with openpgp directly, not src/roster). */
export async function encryptionKeyIdsOfKey(armoredKey: string): Promise<string[]> {
  const key = await openpgp.readKey({ armoredKey });
  const canEncrypt = new Set(["rsaEncryptSign", "rsaEncrypt", "elgamal", "ecdh", "x25519", "x448"]);
  return key
    .getKeys()
    .filter((part) => canEncrypt.has(part.getAlgorithmInfo().algorithm))
    .map((part) => part.getKeyID().toHex());
}
