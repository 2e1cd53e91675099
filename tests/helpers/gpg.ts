import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ProcessResult, runProcess } from "./process.ts";

/** Runs gpg in a throwaway home (never the user's keyring), feeding `input` on stdin. */
export function runGpg(home: string, args: string[], input = ""): Promise<ProcessResult> {
  return runProcess(
    "gpg",
    ["--homedir", home, "--batch", "--no-tty", "--pinentry-mode", "loopback", "--passphrase", "", ...args],
    { input },
  );
}

/**
 * Decrypts an armored message with plain `gpg --decrypt`, in a fresh keyring holding only the given
 * private keys, as a responder would.
 */
export async function gpgDecrypt(
  privateKeys: readonly string[],
  armoredMessage: string,
): Promise<ProcessResult> {
  const home = await mkdtemp(join(tmpdir(), "confide-gpg-"));
  try {
    for (const key of privateKeys) {
      const imported = await runGpg(home, ["--import"], key);
      if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
    }
    return await runGpg(home, ["--decrypt"], armoredMessage);
  } finally {
    // Stop the agent gpg started for this home before removing it.
    await new Promise((resolve) =>
      spawn("gpgconf", ["--homedir", home, "--kill", "all"]).on("close", resolve).on("error", resolve),
    );
    await rm(home, { recursive: true, force: true });
  }
}
