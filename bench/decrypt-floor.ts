// The least a Node program can do to decrypt the inbox folder: read each stored submission, take its
// ciphertext, decrypt it with Confide's own fast path (curve25519-decrypt.ts: X25519, key unwrap,
// AES-CFB, the MDC check) and write the plaintext to standard output. No finding, no checks of the
// record, no report parsing or rendering, one file bundled by esbuild: what `confide decrypt` can never
// beat on this machine and this runtime, so the bench shows how far a target is below it.
//
// Run by bench/decrypt.ts as: node decrypt-floor.mjs KEY INBOX (after bundling this file).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decryptCurve25519 } from "../src/responder/curve25519-decrypt.ts";
import { readCurve25519Keys } from "../src/responder/curve25519-keys.ts";

const [keyFile, inbox] = process.argv.slice(2);
if (keyFile === undefined || inbox === undefined) throw new Error("usage: decrypt-floor KEY INBOX");
const { keys } = readCurve25519Keys({ key: readFileSync(keyFile) });
let decrypted = 0;
for (const name of readdirSync(inbox).sort()) {
  const { ciphertext } = JSON.parse(readFileSync(join(inbox, name), "utf8")) as { ciphertext: string };
  const result = decryptCurve25519({ armored: ciphertext, keys, maxBytes: 8 * 1024 * 1024 });
  // Not a measurement of anything else: the bench's reports all take the fast path.
  if (result.kind !== "decrypted") throw new Error(`${name}: not decrypted by the fast path`);
  process.stdout.write(result.plaintext);
  decrypted++;
}
process.stderr.write(`decrypted ${decrypted}\n`);
