import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ProcessResult, runProcess } from "./process.ts";

/**
 * Runs gpg in a throwaway home (never the user's keyring), trusting every key there, feeding `input`
 * on stdin. Private keys are unlocked with an empty passphrase unless `passphraseFile` is given.
 */
export function runGpg(
  home: string,
  args: string[],
  options: { input?: string; passphraseFile?: string | undefined } = {},
): Promise<ProcessResult> {
  return runProcess(
    "gpg",
    [
      ...["--homedir", home, "--batch", "--no-tty", "--trust-model", "always", "--pinentry-mode", "loopback"],
      ...(options.passphraseFile ? ["--passphrase-file", options.passphraseFile] : ["--passphrase", ""]),
      ...args,
    ],
    options.input === undefined ? {} : { input: options.input },
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
      const imported = await runGpg(home, ["--import"], { input: key });
      if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
    }
    return await runGpg(home, ["--decrypt"], { input: armoredMessage });
  } finally {
    // Stop the agent gpg started for this home before removing it.
    await new Promise((resolve) =>
      spawn("gpgconf", ["--homedir", home, "--kill", "all"]).on("close", resolve).on("error", resolve),
    );
    await rm(home, { recursive: true, force: true });
  }
}

/** A throwaway GnuPG home holding some private keys, and the environment that points gpg at it. */
export interface GpgHome {
  home: string;
  env: NodeJS.ProcessEnv;
  /** stops the agent gpg started for this home and removes the folder */
  remove(): Promise<void>;
}

/** Makes a throwaway GnuPG home and imports the given armored private keys into it. */
export async function makeGpgHome(privateKeys: readonly string[]): Promise<GpgHome> {
  const home = await mkdtemp(join(tmpdir(), "confide-gpg-"));
  for (const key of privateKeys) {
    const imported = await runGpg(home, ["--import"], { input: key });
    if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
  }
  return {
    home,
    env: { ...process.env, GNUPGHOME: home },
    remove: async () => {
      await new Promise((resolve) =>
        spawn("gpgconf", ["--homedir", home, "--kill", "all"]).on("close", resolve).on("error", resolve),
      );
      await rm(home, { recursive: true, force: true });
    },
  };
}
