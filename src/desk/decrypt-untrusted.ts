import { decryptMessages } from "../responder/decrypt-messages.ts";

/**
 * The one way the desk decrypts anything that came from outside (imported reports, and case files
 * from a shared folder that anyone with write access could have replaced): decryptMessages with the
 * identity's decryptors, which are keyDecryptor and gpgDecryptor, so every message goes through the
 * bounded decryption of src/responder/bounded-decrypt.ts (a size limit on the plaintext, a limit on
 * recipient packets, refused by name). Every decryption in src/desk goes through this module.
 */
export const decryptUntrusted = decryptMessages;
