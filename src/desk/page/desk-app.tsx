import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { fillText } from "../../i18n/ui-strings.ts";
import { call, tokenFromAddress } from "./api.ts";
import { CaseList } from "./case-list.tsx";
import { CasePage } from "./case-page.tsx";
import type { DeskState, PageContext } from "./desk-types.ts";
import { ImportPanel } from "./import-panel.tsx";
import { PatternsPanel, RetentionPanel, TransparencyPanel } from "./tools.tsx";
import { UnlockForm } from "./unlock-form.tsx";

type Tab = "cases" | "import" | "patterns" | "transparency" | "retention";
const TABS: readonly Tab[] = ["cases", "import", "patterns", "transparency", "retention"];

/** The whole desk page: unlock first, then the tabs. */
export function DeskApp() {
  const token = useMemo(tokenFromAddress, []);
  const [state, setState] = useState<DeskState | null>(null);
  const [failed, setFailed] = useState(false);
  const [tab, setTab] = useState<Tab>("cases");
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const main = useRef<HTMLHeadingElement>(null);

  const refresh = async () => {
    if (!token) return;
    const answer = await call<DeskState>(token, "state");
    if (answer.ok) setState(answer.body);
    else setFailed(true);
  };
  useEffect(() => void refresh(), []);
  useEffect(() => {
    if (state) {
      document.documentElement.lang = state.lang;
      document.documentElement.dir = state.dir;
      document.title = `${state.strings.title}: ${state.event}`;
    }
  }, [state?.lang, state?.event]);

  if (!token) return <p>{"Open the desk at the address it printed when it started."}</p>;
  if (failed) return <p role="alert">{"The desk did not answer. Start it again with npx confide desk."}</p>;
  if (!state) return <p aria-busy="true">{"…"}</p>;

  const locale = state.lang;
  const zone = state.timeZone ?? undefined;
  const context: PageContext = {
    token,
    state,
    t: (key, values = {}) =>
      fillText(
        state.strings[key],
        Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
      ),
    time: (iso) =>
      new Intl.DateTimeFormat(locale, {
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: zone,
        timeZoneName: "short",
      }).format(new Date(iso)),
    day: (iso) =>
      new Intl.DateTimeFormat(locale, {
        year: "numeric",
        month: "short",
        day: "numeric",
        timeZone: zone,
      }).format(new Date(iso)),
    announce: (text) => {
      // Cleared first, so the same words said twice are announced twice.
      setMessage("");
      setTimeout(() => setMessage(text), 50);
    },
  };
  const { t } = context;
  const choose = (next: Tab) => {
    setTab(next);
    setOpen(null);
    void refresh();
  };

  return (
    <>
      <header>
        <h1 ref={main} tabIndex={-1}>
          {t("title")}
        </h1>
        <p>{t("subtitle", { event: state.event, dir: state.casesDir })}</p>
      </header>
      <p class="status" role="status" aria-live="polite">
        {message}
      </p>
      {!state.unlocked ? (
        <UnlockForm context={context} onUnlocked={(next) => setState(next)} />
      ) : (
        <>
          <nav aria-label={t("menu")}>
            <ul>
              {TABS.map((name) => (
                <li key={name}>
                  <button
                    type="button"
                    aria-current={tab === name && open === null ? "page" : undefined}
                    onClick={() => choose(name)}
                  >
                    {name === "cases" ? t("tab_cases", { count: state.cases.length }) : t(`tab_${name}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <main>
            {open !== null ? (
              <CasePage
                context={context}
                reference={open}
                onOpen={setOpen}
                onBack={() => {
                  setOpen(null);
                  void refresh();
                }}
              />
            ) : tab === "cases" ? (
              <CaseList context={context} onOpen={setOpen} />
            ) : tab === "import" ? (
              <ImportPanel context={context} onImported={(cases) => setState({ ...state, cases })} />
            ) : tab === "patterns" ? (
              <PatternsPanel context={context} onOpen={setOpen} />
            ) : tab === "transparency" ? (
              <TransparencyPanel context={context} />
            ) : (
              <RetentionPanel context={context} onChanged={() => void refresh()} />
            )}
          </main>
        </>
      )}
    </>
  );
}
