// Decrypting 500 reports from the local inbox folder: `confide decrypt --key` (the whole command, as
// a responder runs it) against `gpg --decrypt-files` and a shell loop of `gpg --decrypt` on the same
// messages with the same key.
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";
import { parse } from "yaml";
import type { StoredSubmission } from "../src/inbox/inbox-server.ts";
import { encryptReport } from "../src/report/encrypt-report.ts";
import { padReport } from "../src/report/pad-report.ts";
import { reportSchema } from "../src/report/report-fields.ts";
import { composeReport, REPORT_FORMAT_VERSION } from "../src/report/report-format.ts";
import { newReportReference } from "../src/report/report-reference.ts";
import { EXAMPLE_CONTENT, PROJECT_ROOT } from "../tests/helpers/content-folder.ts";
import { runProcess } from "../tests/helpers/process.ts";
import { demoPrivateKey } from "../tests/helpers/report-site.ts";
import { expectSuccess, type Measured, measure } from "./measure.ts";

/** The prepared inputs: the inbox folder, the same messages as .asc files, the key, a GnuPG home. */
export interface DecryptInputs {
  inbox: string;
  messages: string;
  privateKey: string;
  gnupgHome: string;
  count: number;
}

/**
 * Writes `count` reports to ada's demo key, as the local inbox stores them (one JSON file each) and
 * as armored files for gpg, and imports ada's private key into a fresh GnuPG home whose agent is
 * started (a responder's would be running already).
 */
export async function prepareDecrypt(work: string, count: number): Promise<DecryptInputs> {
  const inputs: DecryptInputs = {
    inbox: join(work, "inbox"),
    messages: join(work, "msgs"),
    privateKey: join(work, "ada.sec.asc"),
    gnupgHome: join(work, "gnupg"),
    count,
  };
  const fields = reportSchema.parse(
    parse(await readFile(join(EXAMPLE_CONTENT, "_data/report.yaml"), "utf8")),
  ).fields;
  const adaPublic = await readFile(join(EXAMPLE_CONTENT, "keys/ada.asc"), "utf8");
  await mkdir(work, { recursive: true });
  await writeFile(inputs.privateKey, await demoPrivateKey("ada"), { mode: 0o600 });
  await mkdir(inputs.inbox, { mode: 0o700 });
  await mkdir(inputs.messages);
  for (let i = 0; i < count; i++) {
    const reference = newReportReference();
    const receivedAt = new Date(Date.UTC(2027, 5, 4, 9, 0, i));
    const answers = Object.fromEntries(
      fields.map((f) => [f.id, f.type === "choice" ? (f.options?.[0] ?? "") : `Answer ${i} to ${f.id}.`]),
    );
    const plaintext = padReport(
      composeReport({
        fields,
        answers,
        event: "Bench",
        reference,
        submittedAt: receivedAt,
        language: "en",
        recipients: ["Adaeze Okafor"],
      }),
    );
    const ciphertext = await encryptReport({ plaintext, recipientKeys: [adaPublic] });
    const record: StoredSubmission = {
      reference,
      version: REPORT_FORMAT_VERSION,
      ciphertext,
      receivedAt: receivedAt.toISOString(),
      formId: "xdemoform",
    };
    const time = receivedAt
      .toISOString()
      .replace(/\.\d+Z$/, "Z")
      .replaceAll(":", "");
    await writeFile(join(inputs.inbox, `${time}-${reference}.json`), `${JSON.stringify(record, null, 2)}\n`);
    await writeFile(join(inputs.messages, `${String(i).padStart(4, "0")}.asc`), ciphertext);
  }
  await mkdir(inputs.gnupgHome, { mode: 0o700 });
  const env = gpgEnv(inputs);
  const imported = await runProcess("gpg", ["--batch", "--import", inputs.privateKey], { env });
  if (imported.code !== 0) throw new Error(`gpg --import failed: ${imported.stderr}`);
  await runProcess("gpg", ["--batch", "--decrypt", join(inputs.messages, "0000.asc")], { env });
  return inputs;
}

const gpgEnv = (inputs: DecryptInputs) => ({ ...process.env, GNUPGHOME: inputs.gnupgHome });

/** `confide decrypt --key KEY INBOX`, the whole command; fails unless every report was decrypted. */
export async function confideDecrypt(inputs: DecryptInputs): Promise<Measured> {
  const run = expectSuccess(
    "confide decrypt",
    await measure(
      process.execPath,
      [join(PROJECT_ROOT, "bin/confide.js"), "decrypt", "--key", inputs.privateKey, inputs.inbox],
      {
        cwd: PROJECT_ROOT,
      },
    ),
  );
  if (!run.stderr.includes(`decrypted ${inputs.count}, not addressed to this key 0, damaged 0`))
    throw new Error(`confide decrypt did not decrypt all ${inputs.count} reports: ${run.stderr}`);
  return run;
}

/**
 * Bundles bench/decrypt-floor.ts (the fast path alone, nothing else `confide decrypt` does) into one
 * file under `work`, as the compiled command is plain JavaScript too.
 *
 * @returns the bundled program's path
 */
export async function bundleDecryptFloor(work: string): Promise<string> {
  const outfile = join(work, "decrypt-floor.mjs");
  await build({
    entryPoints: [join(PROJECT_ROOT, "bench/decrypt-floor.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** The bundled floor program (see {@link bundleDecryptFloor}) on the inbox folder; fails unless all decrypt. */
export async function decryptFloor(inputs: DecryptInputs, program: string): Promise<Measured> {
  const run = expectSuccess(
    "the decrypt floor",
    await measure(process.execPath, [program, inputs.privateKey, inputs.inbox]),
  );
  if (run.stderr.trim() !== `decrypted ${inputs.count}`)
    throw new Error(`the decrypt floor did not decrypt all ${inputs.count} reports: ${run.stderr}`);
  return run;
}

/** `gpg --decrypt-files` on every message at once (it writes each next to its .asc file). */
export async function gpgDecryptFiles(inputs: DecryptInputs): Promise<Measured> {
  const run = expectSuccess(
    "gpg --decrypt-files",
    await measure("sh", ["-c", "gpg --batch --yes --quiet --decrypt-files *.asc"], {
      cwd: inputs.messages,
      env: gpgEnv(inputs),
    }),
  );
  const written = (await readdir(inputs.messages)).filter((name) => !name.endsWith(".asc"));
  if (written.length !== inputs.count)
    throw new Error(`gpg --decrypt-files wrote ${written.length} of ${inputs.count}`);
  return run;
}

/** A shell loop of `gpg --decrypt`, one process per message. */
export async function gpgLoop(inputs: DecryptInputs): Promise<Measured> {
  const run = await measure(
    "sh",
    [
      "-c",
      'n=0; for f in *.asc; do gpg --batch --decrypt "$f" > /dev/null 2>&1 && n=$((n+1)); done; echo "$n"',
    ],
    { cwd: inputs.messages, env: gpgEnv(inputs) },
  );
  if (run.stdout.trim() !== String(inputs.count))
    throw new Error(`the gpg loop decrypted ${run.stdout.trim()} of ${inputs.count} reports`);
  return run;
}

/** Stops the GnuPG home's agent. */
export async function stopGpgAgent(inputs: DecryptInputs): Promise<void> {
  await runProcess("gpgconf", ["--homedir", inputs.gnupgHome, "--kill", "all"]).catch(() => null);
}
