import { useEffect, useRef, useState } from "preact/hooks";
import { fillParts } from "../../i18n/ui-strings.ts";
import { call } from "./api.ts";
import { followUpText, tagText } from "./case-list.tsx";
import type { CaseView, PageContext } from "./desk-types.ts";

const STATUSES = ["new", "acknowledged", "in-progress", "closed"] as const;

type CaseAnswer =
  | { kind: "case"; case: CaseView }
  | { kind: "refused"; reason: string }
  | { kind: "unknown" };

/** One case: the report as a clean page, then the case record (status, owner, tags, notes). */
export function CasePage(props: {
  context: PageContext;
  reference: string;
  onOpen: (reference: string) => void;
  onBack: () => void;
}) {
  const { context } = props;
  const { t, time, token, announce } = context;
  const [view, setView] = useState<CaseView | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void call<CaseAnswer>(token, `cases/${props.reference}`).then((answer) => {
      if (answer.ok && answer.body.kind === "case") setView(answer.body.case);
    });
  }, [props.reference]);
  useEffect(() => heading.current?.focus(), [view?.reference]);

  const change = async (...changes: object[]): Promise<boolean> => {
    const answer = await call<CaseAnswer>(token, `cases/${props.reference}`, { changes });
    if (!answer.ok) {
      announce(t("error", { detail: String(answer.status) }));
      return false;
    }
    if (answer.body.kind === "case") {
      setView(answer.body.case);
      return true;
    }
    announce(t("error", { detail: answer.body.kind === "refused" ? answer.body.reason : props.reference }));
    return false;
  };

  if (!view) return <p aria-busy="true">{t("loading")}</p>;
  const { report } = view;

  const saveRecord = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? "";
    const status = value("status");
    const changes: object[] = [];
    if (status !== view.status) changes.push({ kind: "status", status });
    if (value("owner") !== (view.owner ?? "")) changes.push({ kind: "owner", owner: value("owner") });
    if (value("category") !== (view.category ?? ""))
      changes.push({ kind: "category", category: value("category") });
    if (value("outcome") !== (view.outcome ?? ""))
      changes.push({ kind: "outcome", outcome: value("outcome") });
    if (changes.length > 0 && !(await change(...changes))) return;
    announce(t("saved"));
  };
  const addTag = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const name = (form.elements.namedItem("tag-name") as HTMLInputElement).value.trim();
    const kind = (form.elements.namedItem("tag-kind") as HTMLSelectElement).value;
    if (name === "") return;
    if (await change({ kind: "add-tag", tag: { kind, name } })) {
      form.reset();
      announce(t("saved"));
    }
  };
  const addNote = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const text = (form.elements.namedItem("note") as HTMLTextAreaElement).value;
    if (text.trim() === "") return;
    if (await change({ kind: "add-note", text })) {
      form.reset();
      announce(t("saved"));
    }
  };

  return (
    <article class="case" aria-labelledby="case-heading">
      <p>
        <button type="button" onClick={props.onBack}>
          {t("back")}
        </button>
      </p>
      <h2 id="case-heading" ref={heading} tabIndex={-1}>
        {t(report.kind === "report" ? "report_heading" : "raw_heading", { reference: view.reference })}
      </h2>
      {view.stillHappening ? <p class="urgent">{t("still_happening")}</p> : null}
      <dl class="facts">
        <dt>{t("col_follow_up")}</dt>
        <dd>{followUpText(context, view)}</dd>
        {report.kind === "report" ? (
          <>
            <dt>{t("fact_submitted")}</dt>
            <dd>{time(report.submittedAt)}</dd>
          </>
        ) : null}
        {view.receivedAt ? (
          <>
            <dt>{t("fact_received")}</dt>
            <dd>{view.receivedAt}</dd>
          </>
        ) : null}
        {report.kind === "report" ? (
          <>
            <dt>{t("fact_language")}</dt>
            <dd>{report.language}</dd>
            <dt>{t("fact_sent_to")}</dt>
            <dd>{report.sentTo.join(", ")}</dd>
            {report.ongoingAnswer !== null ? (
              <>
                <dt>{t("fact_ongoing")}</dt>
                <dd>{report.ongoingAnswer}</dd>
              </>
            ) : null}
            {report.contactLeft !== null ? (
              <>
                <dt>{t("fact_contact")}</dt>
                <dd>{t(report.contactLeft ? "contact_left" : "contact_none")}</dd>
              </>
            ) : null}
          </>
        ) : null}
      </dl>
      {report.kind === "report" ? (
        <section class="answers" lang={report.language || undefined}>
          {report.fields.map((field) => (
            <section key={field.id} aria-labelledby={`q-${field.id}`}>
              <h3 id={`q-${field.id}`}>{field.label}</h3>
              {field.siteLabel ? (
                <p class="site-wording" lang={context.state.lang}>
                  {t("site_wording", { label: field.siteLabel })}
                </p>
              ) : null}
              <p class="answer">{field.answer ?? t("no_answer")}</p>
            </section>
          ))}
        </section>
      ) : (
        <>
          {/* The reason quotes the sender's text: isolated, so a direction override in it cannot
              reorder the desk's own words around it. */}
          <p>{fillParts(context.state.strings.raw_note, { reason: <bdi>{report.reason}</bdi> })}</p>
          <p class="answer">{report.text}</p>
        </>
      )}

      {view.earlierVersions.length > 0 ? (
        <section aria-labelledby="versions-heading">
          <h3 id="versions-heading">{t("versions_heading", { count: view.earlierVersions.length })}</h3>
          <p>{t("versions_intro")}</p>
          {view.earlierVersions.map((text, index) => (
            <details key={index}>
              <summary>{t("version", { n: index + 1 })}</summary>
              <p class="answer">{text}</p>
            </details>
          ))}
        </section>
      ) : null}

      <section aria-labelledby="record-heading" class="record">
        <h2 id="record-heading">{t("case_heading")}</h2>
        {/* Uncontrolled fields, so a re-render (an announcement) never undoes what is being typed;
            the key makes a saved record show its new values. */}
        <form
          onSubmit={saveRecord}
          key={[view.status, view.owner, view.category, view.outcome].join("\u0000")}
        >
          <p>
            <label for="status">{t("field_status")}</label>
            <select id="status" name="status">
              {STATUSES.map((status) => (
                <option key={status} value={status} selected={status === view.status}>
                  {t(`status_${status}`)}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="owner">{t("field_owner")}</label>
            <input id="owner" name="owner" defaultValue={view.owner ?? ""} maxLength={200} />
          </p>
          <p>
            <label for="category">{t("field_category")}</label>
            <input id="category" name="category" defaultValue={view.category ?? ""} maxLength={200} />
          </p>
          <p>
            <label for="outcome">{t("field_outcome")}</label>
            <input id="outcome" name="outcome" defaultValue={view.outcome ?? ""} maxLength={200} />
          </p>
          <button type="submit">{t("save_case")}</button>
        </form>

        <h3>{t("tags_heading")}</h3>
        {view.tags.length === 0 ? (
          <p>{t("tags_none")}</p>
        ) : (
          <ul class="tags">
            {view.tags.map((tag) => (
              <li key={`${tag.kind}:${tag.name}`}>
                {tagText(context, tag)}{" "}
                <button type="button" onClick={() => void change({ kind: "remove-tag", tag })}>
                  {t("remove_tag", { tag: tagText(context, tag) })}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={addTag}>
          <p>
            <label for="tag-kind">{t("tag_kind")}</label>
            <select id="tag-kind" name="tag-kind">
              <option value="person">{t("tag_person")}</option>
              <option value="place">{t("tag_place")}</option>
            </select>
          </p>
          <p>
            <label for="tag-name">{t("tag_name")}</label>
            <input id="tag-name" name="tag-name" maxLength={200} />
          </p>
          <button type="submit">{t("add_tag")}</button>
        </form>
        {view.shared.length > 0 ? (
          <>
            <h3>{t("shared_heading")}</h3>
            <ul>
              {view.shared.map((group) => (
                <li key={`${group.tag.kind}:${group.tag.name}`}>
                  {t("shared_tag", { tag: tagText(context, group.tag) })}{" "}
                  {group.references.map((reference) => (
                    <button
                      key={reference}
                      type="button"
                      class="link"
                      onClick={() => props.onOpen(reference)}
                    >
                      {t("open_case", { reference })}
                    </button>
                  ))}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        <h3>{t("notes_heading")}</h3>
        {view.notes.length === 0 ? (
          <p>{t("notes_none")}</p>
        ) : (
          <ol class="notes">
            {view.notes.map((note) => (
              <li key={note.id}>
                <p class="note-by">{t("note_by", { author: note.author, date: time(note.at) })}</p>
                <p class="answer">{note.text}</p>
              </li>
            ))}
          </ol>
        )}
        <form onSubmit={addNote}>
          <p>
            <label for="note">{t("new_note")}</label>
            <textarea id="note" name="note" rows={4} maxLength={20000} />
          </p>
          <button type="submit">{t("add_note")}</button>
        </form>
      </section>
    </article>
  );
}
