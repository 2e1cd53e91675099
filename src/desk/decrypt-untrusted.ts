import { decryptMessages } from "../responder/decrypt-messages.ts";

/**
 * The one way the desk decrypts anything that came from outside (imported reports, and case files
 * from a shared folder that anyone with write access could have replaced). Every decryption in
 * src/desk goes through this adapter, so moving to the bounded decryption of src/responder
 * (size, time and memory limits for hostile messages) is a change of this one line.
 */
export const decryptUntrusted = decryptMessages;
