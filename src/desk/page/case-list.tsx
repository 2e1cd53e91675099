import type { CaseSummary, PageContext } from "./desk-types.ts";

/** The follow-up column's words for a case. */
export function followUpText(context: PageContext, c: CaseSummary): string {
  const { t, day } = context;
  if (c.state === "overdue" && c.due) return t("overdue", { date: day(c.due) });
  if (c.state === "due" && c.due) return t("due", { date: day(c.due) });
  if (c.state === "answered") return t("answered");
  return t("follow_up_unknown");
}

/** A tag as words: "Person: Blue hat". */
export function tagText(context: PageContext, tag: { kind: "person" | "place"; name: string }): string {
  return `${context.t(tag.kind === "person" ? "tag_person" : "tag_place")}: ${tag.name}`;
}

/** Every case, overdue first (the desk sorts them), each opened by its reference. */
export function CaseList(props: { context: PageContext; onOpen: (reference: string) => void }) {
  const { context } = props;
  const { t, state } = context;
  return (
    <section aria-labelledby="cases-heading">
      <h2 id="cases-heading">{t("cases_heading")}</h2>
      {state.cases.length === 0 ? (
        <p>{t("cases_none")}</p>
      ) : (
        <table class="cases">
          <caption>{t("cases_caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("col_reference")}</th>
              <th scope="col">{t("col_status")}</th>
              <th scope="col">{t("col_follow_up")}</th>
              <th scope="col">{t("col_owner")}</th>
              <th scope="col">{t("col_tags")}</th>
            </tr>
          </thead>
          <tbody>
            {state.cases.map((c) => (
              <tr key={c.reference} class={c.state === "overdue" ? "overdue" : undefined}>
                <th scope="row">
                  <button type="button" class="link" onClick={() => props.onOpen(c.reference)}>
                    <span class="reference">{c.reference}</span>
                  </button>
                  {c.stillHappening ? <strong class="urgent"> {t("still_happening")}</strong> : null}
                </th>
                <td>{t(`status_${c.status}`)}</td>
                <td>{followUpText(context, c)}</td>
                <td>{c.owner ?? ""}</td>
                <td>{c.tags.map((tag) => tagText(context, tag)).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.othersCaseFiles > 0 ? <p>{t("others_case_files", { count: state.othersCaseFiles })}</p> : null}
      {state.unreadableCaseFiles.length > 0 ? (
        <>
          <p>{t("unreadable_case_files")}</p>
          <ul>
            {state.unreadableCaseFiles.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
