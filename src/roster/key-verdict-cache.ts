import { type DigestMemory, projectDigestMemory, siblingModule } from "../build/digest-memory.ts";
import type { KeptVerdict } from "./inspect-key.ts";

/**
 * The project's memory of what openpgp.js said of each roster key (src/roster/inspect-key.ts). A
 * verdict is found by the SHA-256 of the key file's name and bytes (never the key itself), for one
 * version of openpgp.js, of inspect-key.ts's code and of the verdict's format, and used only while
 * the key's validity cannot have changed. A private key's verdict holds no facts from it. The format's
 * number changes with the verdict's shape (2: RFC 9580 keys refused; 3: what a file that is no key
 * holds instead; 4: DSA, ElGamal and revoked subkeys named; 5: a key made after the moment checked;
 * 6: such a verdict is no longer kept, its message names the moment).
 */
export const projectKeyVerdictCache = (): Promise<DigestMemory<KeptVerdict>> =>
  projectDigestMemory<KeptVerdict>({
    name: "key-verdicts",
    format: "key-verdicts/6",
    dependency: "openpgp",
    maker: siblingModule(import.meta.url, "inspect-key"),
  });
