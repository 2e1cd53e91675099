import { useEffect, useState } from "preact/hooks";
import { call } from "./api.ts";
import { tagText } from "./case-list.tsx";
import type { PageContext, TagGroup } from "./desk-types.ts";

/** Every tag, with the cases that share it. */
export function PatternsPanel(props: { context: PageContext; onOpen: (reference: string) => void }) {
  const { context } = props;
  const { t, token } = context;
  const [groups, setGroups] = useState<TagGroup[] | null>(null);
  useEffect(() => {
    void call<{ groups: TagGroup[] }>(token, "patterns").then(
      (answer) => answer.ok && setGroups(answer.body.groups),
    );
  }, []);
  return (
    <section aria-labelledby="patterns-heading">
      <h2 id="patterns-heading">{t("patterns_heading")}</h2>
      <p>{t("patterns_intro")}</p>
      {groups === null ? null : groups.length === 0 ? (
        <p>{t("patterns_none")}</p>
      ) : (
        <ul class="patterns">
          {groups.map((group) => (
            <li key={`${group.tag.kind}:${group.tag.name}`}>
              <strong>{tagText(context, group.tag)}</strong>{" "}
              {t("pattern_cases", { count: group.references.length })}{" "}
              {group.references.map((reference) => (
                <button key={reference} type="button" class="link" onClick={() => props.onOpen(reference)}>
                  {t("open_case", { reference })}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface TransparencyAnswer {
  kind: "transparency";
  path: string;
  data: {
    total: number | null;
    threshold: number;
    categories: Array<{ label: string | null; count: number }>;
    outcomes: Array<{ label: string | null; count: number }>;
  };
}

/** Writes the transparency figures into the site's content folder and shows what was written. */
export function TransparencyPanel(props: { context: PageContext }) {
  const { t, token, state, announce } = props.context;
  const [written, setWritten] = useState<TransparencyAnswer | null>(null);
  return (
    <section aria-labelledby="transparency-heading">
      <h2 id="transparency-heading">{t("transparency_heading")}</h2>
      <p>{t("transparency_intro", { threshold: state.threshold })}</p>
      <button
        type="button"
        onClick={async () => {
          const answer = await call<TransparencyAnswer>(token, "transparency", {});
          if (!answer.ok) return announce(t("failed"));
          setWritten(answer.body);
          announce(t("transparency_written", { path: answer.body.path }));
        }}
      >
        {t("transparency_write")}
      </button>
      {written ? (
        <>
          <p>{t("transparency_written", { path: written.path })}</p>
          <p>
            {written.data.total === null
              ? t("transparency_few", { threshold: written.data.threshold })
              : t("transparency_total", { count: written.data.total })}
          </p>
          <ul>
            {[...written.data.categories, ...written.data.outcomes].map((row, index) => (
              <li key={`${index}-${row.label}`}>
                {row.label ?? "—"}: {row.count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The closed cases whose retention period has run out, deleted on confirmation. */
export function RetentionPanel(props: { context: PageContext; onChanged: () => void }) {
  const { t, token, state, day, announce } = props.context;
  const [due, setDue] = useState<Array<{ reference: string; dueSince: string }> | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => {
    void call<{ due: typeof due }>(token, "retention").then((answer) => answer.ok && setDue(answer.body.due));
  }, []);
  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t("retention_heading")}</h2>
      <p>{t("retention_intro", { days: state.retentionDays })}</p>
      {due === null ? null : due.length === 0 ? (
        <p>{t("retention_none")}</p>
      ) : (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            const answer = await call<{ deleted: string[]; due: typeof due }>(token, "retention/delete", {
              references: due.map((d) => d.reference),
              confirm: true,
            });
            if (!answer.ok) return announce(t("failed"));
            setDue(answer.body.due);
            setConfirmed(false);
            announce(t("retention_deleted", { count: answer.body.deleted.length }));
            props.onChanged();
          }}
        >
          <ul>
            {due.map((d) => (
              <li key={d.reference}>
                {t("retention_due", { reference: d.reference, date: day(d.dueSince) })}
              </li>
            ))}
          </ul>
          <p>
            <input
              id="retention-confirm"
              type="checkbox"
              checked={confirmed}
              onChange={(event) => setConfirmed(event.currentTarget.checked)}
            />{" "}
            <label for="retention-confirm">{t("retention_confirm")}</label>
          </p>
          <button type="submit" disabled={!confirmed}>
            {t("retention_delete", { count: due.length })}
          </button>
        </form>
      )}
    </section>
  );
}
