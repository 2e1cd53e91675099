import { useState } from "preact/hooks";
import { call } from "./api.ts";
import type { CaseSummary, ImportSummary, PageContext } from "./desk-types.ts";

type ImportAnswer =
  | { kind: "imported"; summary: ImportSummary; cases: CaseSummary[] }
  | { kind: "unusable"; reason: string }
  /** refused before reading: too many inputs, or a name too long */
  | { kind: "error"; error: "import"; files: number; nameChars: number };

/**
 * Whether an answer is one of the import's own: the desk may answer otherwise (locked, a body it
 * refused), and that is a failure, not the import's limits.
 */
const isImportAnswer = (body: ImportAnswer): boolean =>
  body.kind === "imported" || body.kind === "unusable" || (body.kind === "error" && body.error === "import");

/** The files of a picked folder that the desk reads, as `confide decrypt` reads a folder: its *.json. */
function folderFiles(files: readonly File[]): File[] {
  return files.filter((file) => file.name.endsWith(".json") && !file.name.startsWith("."));
}

/** Bringing reports in: choose files or a folder, drop files, or paste. */
export function ImportPanel(props: { context: PageContext; onImported: (cases: CaseSummary[]) => void }) {
  const { t, token, announce } = props.context;
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportAnswer | null>(null);
  const [dragging, setDragging] = useState(false);

  const send = async (inputs: Array<{ name: string; text: string }>) => {
    if (inputs.length === 0) return;
    setBusy(true);
    announce(t("importing"));
    const answer = await call<ImportAnswer>(token, "import", { inputs });
    setBusy(false);
    const body = answer.ok ? answer.body : null;
    if (!body || !isImportAnswer(body)) return announce(t("failed"));
    setResult(body);
    if (body.kind === "imported") {
      const { summary } = body;
      props.onImported(body.cases);
      announce(
        t("import_result", {
          added: summary.added.length,
          already: summary.alreadyHere.length,
          versions: summary.newVersions.length,
          other: summary.notAddressed.length,
          damaged: summary.damaged.length,
        }),
      );
    } else if (body.kind === "unusable") announce(t("import_unusable", { reason: body.reason }));
    else announce(t("import_refused", { files: body.files, chars: body.nameChars }));
  };
  const sendFiles = async (files: readonly File[]) =>
    send(
      await Promise.all(
        files.map(async (file) => ({ name: file.webkitRelativePath || file.name, text: await file.text() })),
      ),
    );

  return (
    <section
      aria-labelledby="import-heading"
      class={dragging ? "import dragging" : "import"}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void sendFiles([...(event.dataTransfer?.files ?? [])]);
      }}
    >
      <h2 id="import-heading">{t("import_heading")}</h2>
      <p>{t("import_intro")}</p>
      <p>
        <label for="import-files">{t("pick_files")}</label>
        <input
          id="import-files"
          type="file"
          multiple
          disabled={busy}
          onChange={(event) => {
            const input = event.currentTarget;
            void sendFiles([...(input.files ?? [])]).then(() => (input.value = ""));
          }}
        />
      </p>
      <p>
        <label for="import-folder">{t("pick_folder")}</label>
        <input
          id="import-folder"
          type="file"
          multiple
          disabled={busy}
          {...{ webkitdirectory: true }}
          onChange={(event) => {
            const input = event.currentTarget;
            void sendFiles(folderFiles([...(input.files ?? [])])).then(() => (input.value = ""));
          }}
        />
      </p>
      <p class="drop">{t("drop_here")}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const area = (event.currentTarget as HTMLFormElement).elements.namedItem(
            "pasted",
          ) as HTMLTextAreaElement;
          void send([{ name: "pasted text", text: area.value }]).then(() => (area.value = ""));
        }}
      >
        <p>
          <label for="pasted">{t("paste")}</label>
          <textarea id="pasted" name="pasted" rows={6} spellcheck={false} autocomplete="off" />
        </p>
        <button type="submit" disabled={busy}>
          {t("import_pasted")}
        </button>
      </form>
      {result?.kind === "imported" ? (
        <section aria-labelledby="import-result" class="import-result">
          <h3 id="import-result">
            {t("import_result", {
              added: result.summary.added.length,
              already: result.summary.alreadyHere.length,
              versions: result.summary.newVersions.length,
              other: result.summary.notAddressed.length,
              damaged: result.summary.damaged.length,
            })}
          </h3>
          <ul>
            {[...result.summary.notAddressed, ...result.summary.damaged, ...result.summary.withoutReport].map(
              (line) => (
                <li key={line}>{line}</li>
              ),
            )}
          </ul>
        </section>
      ) : result?.kind === "unusable" ? (
        <p role="alert">{t("import_unusable", { reason: result.reason })}</p>
      ) : result?.kind === "error" ? (
        <p role="alert">{t("import_refused", { files: result.files, chars: result.nameChars })}</p>
      ) : null}
    </section>
  );
}
