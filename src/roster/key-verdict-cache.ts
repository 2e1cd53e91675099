import { type DigestMemory, projectDigestMemory } from "../build/digest-memory.ts";
import type { KeptVerdict } from "./inspect-key.ts";

/**
 * The project's memory of what openpgp.js said of each roster key (src/roster/inspect-key.ts). A
 * verdict is found by the key file's name and bytes, for one version of openpgp.js and of the
 * verdict's format, and used only while the key's validity cannot have changed. Private keys are
 * never kept (their verdict has no facts), so the record holds public keys only. The format's number
 * changes whenever a verdict would say something new about the same key (2: RFC 9580 keys refused; 3: what a file that is no key holds instead; 4: DSA, ElGamal and revoked subkeys named; 5: a key made after the moment checked; 6: such a verdict is no longer kept, its message names the moment).
 */
export const projectKeyVerdictCache = (): Promise<DigestMemory<KeptVerdict>> =>
  projectDigestMemory<KeptVerdict>({ name: "key-verdicts", format: "key-verdicts/6", dependency: "openpgp" });
