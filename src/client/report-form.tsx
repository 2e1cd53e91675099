import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { joinList, joinParts } from "../i18n/languages.ts";
import { type FormStrings, fillParts } from "../i18n/ui-strings.ts";
import { planDelivery } from "../report/delivery-plan.ts";
import type { FormField } from "../report/report-fields.ts";
import { REPORT_FORMAT_VERSION } from "../report/report-format.ts";
import { newReportReference } from "../report/report-reference.ts";
import { telHref } from "../site/html.ts";
import type { RecipientOption, ReportFormProps } from "../site/report-form-props.ts";
import {
  type CopyState,
  type DeliveryState,
  type DeliveryStatus,
  deliveryStatus,
  nextStep,
  pendingCopies,
  recordOutcomes,
  sealedState,
} from "./delivery-state.ts";
import { downloadText } from "./download.ts";
import { loadSealer, startLoadingSealer } from "./load-sealer.ts";
import { postCopies } from "./post-report.ts";
import { type Fill, Receipt, UrgentHelp } from "./receipt.tsx";
import { type ReportSituation, reportSituation } from "./report-situation.ts";
import { FAILURE_TEXT, SEALER_NOT_LOADED } from "./submission-failure.ts";

type Phase =
  | { kind: "editing" }
  | { kind: "encrypting" }
  | { kind: "sending" }
  | { kind: "failed"; status: Exclude<DeliveryStatus, { kind: "sent" }> }
  | { kind: "sent"; reference: string; plaintext: string; situation: ReportSituation };

/** The form's strings as a function, for the page's language (the same on the server and in the browser). */
function filler(strings: FormStrings): Fill {
  return (key, values = {}) => fillParts<ComponentChildren>(strings[key], values);
}

/**
 * The report form: asks the questions of report.yaml, lets the reporter choose who reads the report,
 * encrypts it in the browser and posts only the ciphertext. Rendered at build time from the same
 * component and hydrated in the browser; until hydration its controls are disabled and it cannot
 * post anything. Every word comes from its props, in the page's language.
 */
export function ReportForm(props: ReportFormProps) {
  const [hydrated, setHydrated] = useState(false);
  const [now, setNow] = useState(() => new Date(props.builtAt));
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [unchosen, setUnchosen] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const attempt = useRef<DeliveryState | null>(null);
  /** a press of "send" is being handled (encrypting or posting) */
  const inFlight = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  const t = props.strings;
  const fill = filler(t);

  useEffect(() => {
    setHydrated(true);
    setNow(new Date());
  }, []);

  const usable = props.recipients.filter((r) => !r.expires || new Date(r.expires) > now);
  const expired = props.recipients.filter((r) => !usable.includes(r));
  const chosen = usable.filter((r) => !unchosen.has(r.id));
  const plan = planDelivery({
    receiving: usable,
    chosen: chosen.map((r) => r.id),
    teamFormId: props.form?.id ?? "",
  });
  const leftOut = usable.filter((r) => unchosen.has(r.id));
  const hasText = Object.values(answers).some((value) => value.trim() !== "");
  const busy = phase.kind === "encrypting" || phase.kind === "sending";

  // Leaving with unsent text asks first; the quick-exit control switches this off before it leaves.
  useEffect(() => {
    if (!hasText || phase.kind === "sent") return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const quickExit = () => window.removeEventListener("beforeunload", warn);
    window.addEventListener("beforeunload", warn);
    window.addEventListener("confide:quick-exit", quickExit);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("confide:quick-exit", quickExit);
    };
  }, [hasText, phase.kind]);

  // Focus moves to what happened as soon as it is on the page, before the browser paints it, so that
  // a screen reader announces it and the keyboard continues from there.
  useLayoutEffect(() => {
    if (phase.kind === "failed") statusRef.current?.focus();
    if (phase.kind === "sent") receiptRef.current?.focus();
  }, [phase]);

  if (!props.form || usable.length === 0) {
    return <Unavailable props={props} expired={expired} fill={fill} />;
  }

  const setAnswer = (id: string, value: string) => {
    setAnswers((current) => ({ ...current, [id]: value }));
    if (errors[id]) setErrors(({ [id]: _, ...rest }) => rest);
  };

  const toggle = (id: string, checked: boolean) => {
    setUnchosen((current) => {
      const next = new Set(current);
      if (checked) next.delete(id);
      else next.add(id);
      return next;
    });
    if (errors.recipients) setErrors(({ recipients: _, ...rest }) => rest);
  };

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    for (const field of props.fields) {
      if (field.required && !(answers[field.id] ?? "").trim())
        found[field.id] = fill("form.answer_needed", { question: field.label }).join("");
    }
    if (chosen.length === 0) found.recipients = t["form.choose_someone"];
    else if (plan.kind !== "team" && plan.unreachable.length > 0)
      found.recipients = fill("form.cannot_leave_out", { names: namesOf(plan.unreachable) }).join("");
    return found;
  };

  const send = async (event: Event) => {
    event.preventDefault();
    // A ref, not the rendered phase: two submits in one task (a script, an extension, a tool calling
    // requestSubmit) both see the phase of the last render, and each would seal a report of its own.
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      await sendOnce();
    } finally {
      inFlight.current = false;
    }
  };

  const sendOnce = async () => {
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }

    if (plan.kind === "impossible") return;
    const inputs = JSON.stringify([answers, chosen.map((r) => r.id)]);
    const step = nextStep({
      state: attempt.current,
      inputs,
      newReference: newReportReference,
      now: new Date(),
    });
    if (step.kind === "seal") {
      setPhase({ kind: "encrypting" });
      let sealReport: Awaited<ReturnType<typeof loadSealer>>["sealReport"];
      try {
        ({ sealReport } = await loadSealer());
      } catch {
        // The encryption code is downloaded on first use: on a failing connection that download is what
        // fails. Say so (a retry once the connection is back works); the browser is not at fault.
        setPhase({ kind: "failed", status: { kind: "failed", missing: [], failure: SEALER_NOT_LOADED } });
        return;
      }
      try {
        const sealed = await sealReport({
          fields: props.fields,
          answers,
          eventName: props.eventName,
          reference: step.reference,
          submittedAt: step.submittedAt,
          language: props.lang,
          chosen,
          copies: plan.copies,
          places: props.recipients,
          usable,
          hideRecipients: props.hideRecipients,
        });
        attempt.current = sealedState({
          ...step,
          ...sealed,
          inputs,
          situation: reportSituation({ fields: props.fields, answers }),
        });
      } catch {
        setPhase({
          kind: "failed",
          status: {
            kind: "failed",
            missing: [],
            // No detail: the page shows a failure's detail as what the inbox said, and this one is
            // the browser's (openpgp.js's message, for a developer, not the reporter).
            failure: { kind: "encryption", detail: null },
          },
        });
        return;
      }
    }
    const current = attempt.current;
    if (!current) return;

    setPhase({ kind: "sending" });
    const outcomes = await postCopies({
      copies: pendingCopies(current),
      reference: current.reference,
      version: REPORT_FORMAT_VERSION,
      endpoint: props.form?.endpoint ?? null,
      teamFormId: props.form?.id ?? "",
    });
    const recorded = recordOutcomes(current, outcomes);
    attempt.current = recorded;
    const status = deliveryStatus(recorded);
    if (status.kind === "sent") {
      setPhase({
        kind: "sent",
        reference: recorded.reference,
        plaintext: recorded.plaintext,
        situation: recorded.situation,
      });
      setAnswers({});
      attempt.current = null;
    } else setPhase({ kind: "failed", status });
  };

  const namesOf = (ids: readonly string[]) =>
    joinList(
      usable.filter((r) => ids.includes(r.id)).map((r) => r.name),
      props.lang,
    );

  if (phase.kind === "sent") {
    return (
      <Receipt
        props={props}
        fill={fill}
        reference={phase.reference}
        plaintext={phase.plaintext}
        situation={phase.situation}
        headingRef={receiptRef}
      />
    );
  }

  return (
    <form
      ref={formRef}
      class="report-form"
      method="dialog"
      // Off for the whole form, not only the text inputs: otherwise the browser keeps what is typed in
      // a textarea (and the choices) in the page's session history, which it writes to disk for
      // session restore (Chromium: Sessions/Session_* and Tabs_*), where it outlives the page.
      autoComplete="off"
      noValidate
      onSubmit={send}
      onKeyDown={holdEnterInAnswers}
      onFocusIn={startLoadingSealer}
      aria-describedby="report-privacy"
    >
      <p id="report-privacy" class="privacy-note">
        {t["form.privacy"]}
      </p>
      {Object.keys(errors).length > 0 && (
        <div class="error-summary" role="alert">
          <p>{t["form.check_first"]}</p>
          <ul>
            {Object.entries(errors).map(([id, message]) => (
              <li key={id}>
                <a href={`#${fieldDomId(id)}`}>{message}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <fieldset class="report-fieldset" disabled={!hydrated || busy}>
        {props.fields.map((field) => (
          <FieldInput
            key={field.id}
            field={field}
            strings={t}
            value={answers[field.id] ?? ""}
            error={errors[field.id]}
            onInput={setAnswer}
          />
        ))}
        <RecipientPicker
          recipients={usable}
          leftOut={plan.kind === "personal" && plan.unreachable.length === 0 ? leftOut : []}
          expired={expired}
          unchosen={unchosen}
          error={errors.recipients}
          onToggle={toggle}
          props={props}
          fill={fill}
        />
        <button type="submit" class="send">
          {phase.kind === "failed" ? t["form.retry"] : t["form.send"]}
        </button>
      </fieldset>
      <div role="status" aria-live="polite" class="sending-status">
        {phase.kind === "encrypting" && t["form.encrypting"]}
        {phase.kind === "sending" && t["form.sending"]}
      </div>
      {phase.kind === "failed" && (
        <FailureNotice
          props={props}
          fill={fill}
          status={phase.status}
          reference={attempt.current?.reference ?? ""}
          stillHappening={reportSituation({ fields: props.fields, answers }).stillHappening}
          statusRef={statusRef}
        />
      )}
    </form>
  );
}

/**
 * What went wrong, and the ways out: send again (only the copies still missing), or download each
 * missing copy and email it. A copy for one responder is emailed to that responder where the roster
 * gives an address, so it does not pass through the shared address that someone left out may read.
 */
function FailureNotice({
  props,
  fill,
  status,
  reference,
  stillHappening,
  statusRef,
}: {
  props: ReportFormProps;
  fill: Fill;
  status: Exclude<DeliveryStatus, { kind: "sent" }>;
  reference: string;
  /** the reporter said it is still happening: how to get help now comes first (h14's UrgentHelp) */
  stillHappening: boolean;
  statusRef: { current: HTMLDivElement | null };
}) {
  const t = props.strings;
  const nameOf = (id: string | null) => props.recipients.find((r) => r.id === id)?.name ?? "";
  const names = (copies: readonly CopyState[]) =>
    joinList(
      copies.map((copy) => nameOf(copy.owner)),
      props.lang,
    );
  const subject = encodeURIComponent(fill("form.encrypted_subject", { reference }).join(""));
  return (
    <div class="failure" role="alert" tabIndex={-1} ref={statusRef}>
      {stillHappening && <UrgentHelp help={props.urgentHelp} fill={fill} />}
      <h2>{t["form.not_sent"]}</h2>
      {status.kind === "partial" && (
        <p class="partly-sent">
          {fill("form.partly_sent", { delivered: names(status.delivered), missing: names(status.missing) })}
        </p>
      )}
      <p>{t[FAILURE_TEXT[status.failure.kind]]}</p>
      {status.failure.detail && (
        <p class="detail">{fill("form.inbox_said", { detail: status.failure.detail })}</p>
      )}
      <p>{t["form.nothing_lost"]}</p>
      <ul>
        {status.failure.kind !== "recaptcha" && (
          <li>{fill("form.retry_option", { retry: t["form.retry"] })}</li>
        )}
        {status.missing.map((copy) => {
          const email = props.recipients.find((r) => r.id === copy.owner)?.email ?? props.aliasEmail;
          return (
            <li key={copy.target}>
              {fill("form.email_option", {
                download: (
                  <button
                    type="button"
                    class="link-button"
                    onClick={() =>
                      downloadText({
                        text: copy.ciphertext,
                        fileName: `report-${reference}${copy.owner ? `-${copy.owner}` : ""}.asc`,
                        type: "application/pgp-encrypted",
                      })
                    }
                  >
                    {copy.owner
                      ? fill("form.download_copy_for", { name: nameOf(copy.owner) })
                      : t["form.download_encrypted"]}
                  </button>
                ),
                email: <a href={`mailto:${email}?subject=${subject}`}>{email}</a>,
              })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The element id of a field's input, shared by its label, its error and the error summary. */
function fieldDomId(id: string): string {
  return id === "recipients" ? "report-recipients" : `report-${id}`;
}

function FieldInput({
  field,
  strings,
  value,
  error,
  onInput,
}: {
  field: FormField;
  strings: FormStrings;
  value: string;
  error: string | undefined;
  onInput: (id: string, value: string) => void;
}) {
  const id = fieldDomId(field.id);
  const describedBy =
    [field.hint || field.contact ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") ||
    undefined;
  const hint = (
    <>
      {field.hint && (
        <p class="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      )}
      {!field.hint && field.contact && (
        <p class="hint" id={`${id}-hint`}>
          {strings["form.anonymous_hint"]}
        </p>
      )}
    </>
  );
  const errorLine = error && (
    <p class="field-error" id={`${id}-error`}>
      {error}
    </p>
  );
  if (field.type === "choice") {
    return (
      <fieldset
        class="field"
        id={id}
        tabIndex={-1}
        data-field={field.id}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      >
        <legend>
          {field.label}
          {field.required && <span class="required"> {strings["form.required"]}</span>}
        </legend>
        {hint}
        {errorLine}
        {(field.options ?? []).map((option, index) => (
          <label class="choice" key={option}>
            <input
              type="radio"
              name={field.id}
              value={option}
              id={`${id}-${index}`}
              checked={value === option}
              onChange={() => onInput(field.id, option)}
            />{" "}
            {option}
          </label>
        ))}
      </fieldset>
    );
  }
  const common = {
    id,
    name: field.id,
    "data-field": field.id,
    value,
    // Each answer runs in the direction of the script it is typed in (English on an Arabic page).
    dir: "auto" as const,
    required: field.required,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    onInput: (event: Event) => onInput(field.id, (event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {field.label}
        {field.required && <span class="required"> {strings["form.required"]}</span>}
      </label>
      {hint}
      {errorLine}
      {field.type === "long_text" ? <textarea rows={6} {...common} /> : <input type="text" {...common} />}
    </div>
  );
}

function RecipientPicker({
  recipients,
  leftOut,
  expired,
  unchosen,
  error,
  onToggle,
  props,
  fill,
}: {
  recipients: RecipientOption[];
  /** the responders left out of a report that can be sent: the form says what they will and will not see */
  leftOut: RecipientOption[];
  expired: RecipientOption[];
  unchosen: ReadonlySet<string>;
  error: string | undefined;
  onToggle: (id: string, checked: boolean) => void;
  props: ReportFormProps;
  fill: Fill;
}) {
  const t = props.strings;
  // Point out who reads the page's language, unless everyone does; nobody is unticked for it.
  const readers = recipients.filter((r) => r.readsPageLanguage);
  const highlight = readers.length > 0 && readers.length < recipients.length;
  const languageNote =
    readers.length === 0
      ? fill("form.no_reader_of_language", { language: props.languageName })
      : highlight
        ? fill("form.readers_of_language", {
            names: joinList(
              readers.map((r) => r.name),
              props.lang,
            ),
            language: props.languageName,
          })
        : null;
  const describedBy = [
    "report-recipients-hint",
    languageNote ? "report-recipients-language" : "",
    error ? "report-recipients-error" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      class="field recipients"
      id="report-recipients"
      tabIndex={-1}
      data-field="recipients"
      aria-describedby={describedBy}
    >
      <legend>{t["form.readers_legend"]}</legend>
      <p class="hint" id="report-recipients-hint">
        {t["form.readers_hint"]}
      </p>
      {languageNote && (
        <p class="hint language-note" id="report-recipients-language">
          {languageNote}
        </p>
      )}
      {error && (
        <p class="field-error" id="report-recipients-error">
          {error}
        </p>
      )}
      {recipients.map((r) => (
        <label
          class={`choice recipient${highlight && r.readsPageLanguage ? " reads-language" : ""}`}
          key={r.id}
        >
          <input
            type="checkbox"
            name="recipient"
            value={r.id}
            checked={!unchosen.has(r.id)}
            onChange={(event) => onToggle(r.id, (event.currentTarget as HTMLInputElement).checked)}
          />{" "}
          {r.photo && <img class="photo" src={r.photo} alt="" width={56} height={56} />}
          <span>
            {fill("form.reader", { name: <strong>{r.name}</strong>, role: r.role })}
            {r.pronouns && ` (${r.pronouns})`}
            {r.about && <span class="about"> {r.about}</span>}
            {r.languages && <span class="about">{fill("form.languages", { languages: r.languages })}</span>}
            {!r.inbox && recipients.length > 1 && (
              <span class="about no-inbox"> {t["form.no_personal_inbox"]}</span>
            )}
          </span>
        </label>
      ))}
      <LeftOutNote leftOut={leftOut} props={props} fill={fill} />
      {expired.length > 0 && (
        <p class="notice">
          {fill("form.key_expired", {
            names: joinList(
              expired.map((r) => r.name),
              props.lang,
            ),
          })}
        </p>
      )}
    </fieldset>
  );
}

/** What the people left out will and will not see, in this site's configuration. */
function LeftOutNote({
  leftOut,
  props,
  fill,
}: {
  leftOut: RecipientOption[];
  props: ReportFormProps;
  fill: Fill;
}) {
  if (leftOut.length === 0) return null;
  const names = (list: RecipientOption[]) =>
    joinList(
      list.map((r) => r.name),
      props.lang,
    );
  const readAlias = leftOut.filter((r) => r.monitorsAlias);
  return (
    <div class="hint left-out-note" aria-live="polite">
      <p>{fill("form.left_out", { names: names(leftOut) })}</p>
      {readAlias.length > 0 && (
        <p>{fill("form.left_out_alias", { names: names(readAlias), email: props.aliasEmail })}</p>
      )}
    </div>
  );
}

function Unavailable({
  props,
  expired,
  fill,
}: {
  props: ReportFormProps;
  expired: RecipientOption[];
  fill: Fill;
}) {
  return (
    <div class="unavailable" role="note">
      <p>{props.strings[expired.length > 0 ? "form.unavailable_expired" : "form.unavailable"]}</p>
      <DirectContacts props={props} fill={fill} />
    </div>
  );
}

/** The direct ways to reach a responder. */
function DirectContacts({ props, fill }: { props: ReportFormProps; fill: Fill }) {
  return (
    <ul class="contacts">
      <li>{fill("form.email", { email: <a href={`mailto:${props.aliasEmail}`}>{props.aliasEmail}</a> })}</li>
      {props.directContacts.map((contact) => (
        <li key={contact.name}>
          {fill("form.direct_contact", {
            name: contact.name,
            role: contact.role,
            contact: joinParts(
              [
                contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>,
                contact.phone && (
                  <a href={telHref(contact.phone)} dir="ltr">
                    {contact.phone}
                  </a>
                ),
              ].filter(Boolean),
              props.lang,
              "or",
            ),
          })}
        </li>
      ))}
      {props.channels.map((channel) => (
        <li key={channel.url}>
          <a href={channel.url}>{channel.label}</a>
          {channel.note ? `. ${channel.note}` : ""}
        </li>
      ))}
    </ul>
  );
}

/**
 * Enter in a one-line answer, a choice or a tick box would send the whole report (a form's implicit
 * submission) while the reporter is still writing it, with what is filled in so far. There it does
 * nothing: the send button sends. Text areas keep Enter for new lines; buttons keep it as a press.
 */
function holdEnterInAnswers(event: KeyboardEvent): void {
  if (event.key === "Enter" && !event.isComposing && event.target instanceof HTMLInputElement)
    event.preventDefault();
}
