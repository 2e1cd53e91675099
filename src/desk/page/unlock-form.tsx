import { useRef, useState } from "preact/hooks";
import { call, fileAsBase64 } from "./api.ts";
import type { DeskState, PageContext } from "./desk-types.ts";

type UnlockAnswer =
  | DeskState
  | { kind: "needs-passphrase" }
  | { kind: "wrong-passphrase" }
  | { kind: "needs-key" }
  | { kind: "refused"; reason: string };

/** The unlock form: the key file (unless the desk was started with --key) and its passphrase. */
export function UnlockForm(props: { context: PageContext; onUnlocked: (state: DeskState) => void }) {
  const { t, token, state, announce } = props.context;
  const [problem, setProblem] = useState("");
  const [busy, setBusy] = useState(false);
  const keyInput = useRef<HTMLInputElement>(null);
  const passphraseInput = useRef<HTMLInputElement>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const file = keyInput.current?.files?.[0];
    const answer = await call<UnlockAnswer>(token, "unlock", {
      ...(file ? { key: await fileAsBase64(file) } : {}),
      passphrase: passphraseInput.current?.value ?? "",
    });
    setBusy(false);
    if (!answer.ok) return setProblem(t("failed"));
    const body = answer.body;
    if (body.kind === "state") {
      if (passphraseInput.current) passphraseInput.current.value = "";
      announce(t("unlocked_as", { as: body.me ? t("as_name", { name: body.me }) : "" }));
      props.onUnlocked(body);
      return;
    }
    const words =
      body.kind === "needs-passphrase"
        ? t("needs_passphrase")
        : body.kind === "wrong-passphrase"
          ? t("wrong_passphrase")
          : body.kind === "needs-key"
            ? t("choose_key")
            : body.reason;
    setProblem(words);
    passphraseInput.current?.focus();
  };

  return (
    <main>
      <h2>{t("unlock_heading")}</h2>
      <p>{t("unlock_intro")}</p>
      <form onSubmit={submit} aria-describedby={problem ? "unlock-problem" : undefined}>
        {state.unlock.kind === "key-path" ? (
          <p>{t("key_named", { name: state.unlock.name })}</p>
        ) : (
          <p>
            <label for="key-file">{t("key_file")}</label>
            <input id="key-file" ref={keyInput} type="file" accept=".asc,.gpg,.key,.pgp,.sec,text/plain" />
          </p>
        )}
        <p>
          <label for="passphrase">{t("passphrase")}</label>
          <input id="passphrase" ref={passphraseInput} type="password" autocomplete="off" />
        </p>
        {problem ? (
          <p id="unlock-problem" role="alert" class="problem">
            {problem}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t("unlock")}
        </button>
      </form>
    </main>
  );
}
