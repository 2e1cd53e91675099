import { useEffect, useRef, useState } from "preact/hooks";
import type { ReportField } from "../report/report-fields.ts";
import { REPORT_FORMAT_VERSION } from "../report/report-format.ts";
import { newReportReference } from "../report/report-reference.ts";
import type { Submission } from "../report/submission.ts";
import type { DirectContact, RecipientOption, ReportFormProps } from "../site/report-form-props.ts";
import { downloadText } from "./download.ts";
import { describeFailure, type SubmissionFailure, TIMEOUT_FAILURE } from "./submission-failure.ts";
import { useReportSubmit } from "./use-report-submit.ts";

/** How long to wait for the inbox before telling the reporter and offering a retry. */
export const SEND_TIMEOUT_MS = 30_000;

type Phase =
  | { kind: "editing" }
  | { kind: "encrypting" }
  | { kind: "sending" }
  | { kind: "failed"; failure: SubmissionFailure }
  | { kind: "sent"; reference: string; plaintext: string };

/** One report across attempts: a retry keeps the reference, so the inbox stores it once. */
interface Attempt {
  reference: string;
  submittedAt: Date;
  ciphertext: string | null;
  plaintext: string | null;
  /** The inputs the ciphertext was made from: an edit after a failure re-encrypts. */
  inputs: string;
  /** True after a timeout: the inbox may have stored it, so an edited report needs its own reference. */
  maybeDelivered: boolean;
}

type Sealer = typeof import("./seal-report.ts");
let sealer: Promise<Sealer> | null = null;

/** Loads the OpenPGP code once, on first use or when the reporter starts typing. */
export function loadSealer(): Promise<Sealer> {
  sealer ??= import("./seal-report.ts");
  return sealer;
}

/**
 * The report form: asks the questions of report.yaml, lets the reporter choose who reads the report,
 * encrypts it in the browser and posts only the ciphertext. Rendered at build time from the same
 * component and hydrated in the browser; until hydration its controls are disabled and it cannot
 * post anything.
 */
export function ReportForm(props: ReportFormProps) {
  const [hydrated, setHydrated] = useState(false);
  const [now, setNow] = useState(() => new Date(props.builtAt));
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [unchosen, setUnchosen] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [phase, setPhase] = useState<Phase>({ kind: "editing" });
  const attempt = useRef<Attempt | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const statusRef = useRef<HTMLDivElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  const submit = useReportSubmit(
    props.form?.id ?? "",
    props.form?.endpoint ?? (typeof location === "undefined" ? "" : location.origin),
  );

  useEffect(() => {
    setHydrated(true);
    setNow(new Date());
  }, []);

  const usable = props.recipients.filter((r) => !r.expires || new Date(r.expires) > now);
  const expired = props.recipients.filter((r) => !usable.includes(r));
  const chosen = usable.filter((r) => !unchosen.has(r.id));
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

  useEffect(() => {
    if (phase.kind === "failed") statusRef.current?.focus();
    if (phase.kind === "sent") receiptRef.current?.focus();
  }, [phase.kind]);

  if (!props.form || usable.length === 0) {
    return <Unavailable props={props} expired={expired} />;
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
        found[field.id] = `Please answer “${field.label}”: it is needed to send the report.`;
    }
    if (chosen.length === 0) found.recipients = "Choose at least one person to read your report.";
    return found;
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }

    const inputs = JSON.stringify([answers, chosen.map((r) => r.id)]);
    // A plain retry keeps the reference, so the inbox stores the report once. An edit after a timeout
    // gets a new one: the inbox keeps the first copy of a reference, and the edit must not be lost.
    let current = attempt.current;
    if (!current || (current.maybeDelivered && current.inputs !== inputs)) {
      current = {
        reference: newReportReference(),
        submittedAt: new Date(),
        ciphertext: null,
        plaintext: null,
        inputs,
        maybeDelivered: false,
      };
      attempt.current = current;
    }
    try {
      if (!current.ciphertext || current.inputs !== inputs) {
        setPhase({ kind: "encrypting" });
        const { sealReport } = await loadSealer();
        const sealed = await sealReport({
          fields: props.fields,
          answers,
          eventName: props.eventName,
          reference: current.reference,
          submittedAt: current.submittedAt,
          language: props.lang,
          recipients: chosen,
        });
        Object.assign(current, sealed, { inputs });
      }
    } catch (error) {
      setPhase({
        kind: "failed",
        failure: {
          kind: "refused",
          summary: "Your report could not be encrypted in this browser, so it was not sent.",
          detail: (error as Error).message,
        },
      });
      return;
    }

    setPhase({ kind: "sending" });
    const submission: Submission = {
      ciphertext: current.ciphertext ?? "",
      reference: current.reference,
      version: REPORT_FORMAT_VERSION,
    };
    const result = await Promise.race([
      submit(submission as Submission & Record<string, string>),
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), SEND_TIMEOUT_MS)),
    ]);
    if (result === "timeout") {
      current.maybeDelivered = true;
      setPhase({ kind: "failed", failure: TIMEOUT_FAILURE });
    } else if (result.kind === "error")
      setPhase({
        kind: "failed",
        failure: describeFailure(
          [...result.getFormErrors(), ...result.getAllFieldErrors().flatMap(([, errors]) => errors)].map(
            (e) => e.message,
          ),
        ),
      });
    else {
      setPhase({ kind: "sent", reference: current.reference, plaintext: current.plaintext ?? "" });
      setAnswers({});
      attempt.current = null;
    }
  };

  if (phase.kind === "sent") {
    return (
      <Receipt
        props={props}
        reference={phase.reference}
        plaintext={phase.plaintext}
        headingRef={receiptRef}
      />
    );
  }

  return (
    <form
      ref={formRef}
      class="report-form"
      method="dialog"
      noValidate
      onSubmit={send}
      onFocusIn={() => void loadSealer()}
      aria-describedby="report-privacy"
    >
      <p id="report-privacy" class="privacy-note">
        Your report is encrypted on this device before it is sent. Only the people you choose below can read
        it. The form inbox and anyone watching the network see only scrambled text, a reference number and the
        time it arrived.
      </p>
      {Object.keys(errors).length > 0 && (
        <div class="error-summary" role="alert">
          <p>
            Please check{" "}
            {Object.keys(errors).length === 1 ? "one thing" : `${Object.keys(errors).length} things`} before
            sending:
          </p>
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
            value={answers[field.id] ?? ""}
            error={errors[field.id]}
            onInput={setAnswer}
          />
        ))}
        <RecipientPicker
          recipients={usable}
          expired={expired}
          unchosen={unchosen}
          error={errors.recipients}
          onToggle={toggle}
        />
        <button type="submit" class="send">
          {phase.kind === "failed" ? "Try sending again" : "Encrypt and send report"}
        </button>
      </fieldset>
      <div role="status" aria-live="polite" class="sending-status">
        {phase.kind === "encrypting" && "Encrypting your report on this device…"}
        {phase.kind === "sending" && "Sending the encrypted report…"}
      </div>
      {phase.kind === "failed" && (
        <div class="failure" role="alert" tabIndex={-1} ref={statusRef}>
          <h2>Your report has not been sent yet</h2>
          <p>{phase.failure.summary}</p>
          {phase.failure.detail && <p class="detail">The inbox said: {phase.failure.detail}</p>}
          <p>Nothing you wrote is lost: it is still in the form. You can:</p>
          <ul>
            <li>press “Try sending again” (it will not send a second copy);</li>
            <li>
              or{" "}
              <button
                type="button"
                class="link-button"
                onClick={() =>
                  downloadText({
                    text: attempt.current?.ciphertext ?? "",
                    fileName: `report-${attempt.current?.reference}.asc`,
                    type: "application/pgp-encrypted",
                  })
                }
              >
                download the encrypted report
              </button>{" "}
              and attach it to an email to{" "}
              <a
                href={`mailto:${props.aliasEmail}?subject=${encodeURIComponent(`Encrypted report ${attempt.current?.reference ?? ""}`)}`}
              >
                {props.aliasEmail}
              </a>
              . Only the people you chose can read it.
            </li>
          </ul>
        </div>
      )}
    </form>
  );
}

/** The element id of a field's input, shared by its label, its error and the error summary. */
function fieldDomId(id: string): string {
  return id === "recipients" ? "report-recipients" : `report-${id}`;
}

function FieldInput({
  field,
  value,
  error,
  onInput,
}: {
  field: ReportField;
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
          Leave this empty to stay anonymous. Then we cannot reply to you.
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
          {field.required && <span class="required"> (required)</span>}
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
    required: field.required,
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
    onInput: (event: Event) => onInput(field.id, (event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>
        {field.label}
        {field.required && <span class="required"> (required)</span>}
      </label>
      {hint}
      {errorLine}
      {field.type === "long_text" ? (
        <textarea rows={6} {...common} />
      ) : (
        <input type="text" autoComplete="off" {...common} />
      )}
    </div>
  );
}

function RecipientPicker({
  recipients,
  expired,
  unchosen,
  error,
  onToggle,
}: {
  recipients: RecipientOption[];
  expired: RecipientOption[];
  unchosen: ReadonlySet<string>;
  error: string | undefined;
  onToggle: (id: string, checked: boolean) => void;
}) {
  return (
    <fieldset
      class="field recipients"
      id="report-recipients"
      tabIndex={-1}
      data-field="recipients"
      aria-describedby={error ? "report-recipients-hint report-recipients-error" : "report-recipients-hint"}
    >
      <legend>Who will read this</legend>
      <p class="hint" id="report-recipients-hint">
        Everyone ticked can read your report; no one else can. If your report is about one of them, or you
        would rather they did not read it, untick them. At least one must stay ticked.
      </p>
      {error && (
        <p class="field-error" id="report-recipients-error">
          {error}
        </p>
      )}
      {recipients.map((r) => (
        <label class="choice recipient" key={r.id}>
          <input
            type="checkbox"
            name="recipient"
            value={r.id}
            checked={!unchosen.has(r.id)}
            onChange={(event) => onToggle(r.id, (event.currentTarget as HTMLInputElement).checked)}
          />{" "}
          <span>
            <strong>{r.name}</strong>, {r.role}
            {r.pronouns && ` (${r.pronouns})`}
            {r.about && <span class="about"> {r.about}</span>}
          </span>
        </label>
      ))}
      {expired.length > 0 && (
        <p class="notice">
          {expired.map((r) => r.name).join(", ")} cannot receive reports through this form right now (their
          key has expired). You can still contact them directly.
        </p>
      )}
    </fieldset>
  );
}

function Receipt({
  props,
  reference,
  plaintext,
  headingRef,
}: {
  props: ReportFormProps;
  reference: string;
  plaintext: string;
  headingRef: { current: HTMLHeadingElement | null };
}) {
  return (
    <div class="receipt">
      <h2 tabIndex={-1} ref={headingRef}>
        Your report has been sent
      </h2>
      <p>
        Your reference is <strong class="reference">{reference}</strong>. Write it down: it lets you and the
        responders talk about this report without repeating it.
      </p>
      <p>
        If you left contact details, we will reply {props.followUp}. If you reported anonymously, we cannot
        reply, but we will still act on your report. You can write to{" "}
        <a href={`mailto:${props.aliasEmail}?subject=${encodeURIComponent(`Report ${reference}`)}`}>
          {props.aliasEmail}
        </a>{" "}
        at any time and mention the reference.
      </p>
      <p>
        <button
          type="button"
          class="link-button"
          onClick={() =>
            downloadText({ text: plaintext, fileName: `my-report-${reference}.txt`, type: "text/plain" })
          }
        >
          Save a copy of your report for yourself
        </button>{" "}
        (optional: a text file on this device, not encrypted, so keep it somewhere safe).
      </p>
    </div>
  );
}

function Unavailable({ props, expired }: { props: ReportFormProps; expired: RecipientOption[] }) {
  return (
    <div class="unavailable" role="note">
      <p>
        The online form cannot send reports right now
        {expired.length > 0 ? " because the responders’ keys have expired" : ""}. Please use one of these ways
        instead:
      </p>
      <DirectContacts contacts={props.directContacts} aliasEmail={props.aliasEmail} />
    </div>
  );
}

/** The direct ways to reach a responder. */
export function DirectContacts({ contacts, aliasEmail }: { contacts: DirectContact[]; aliasEmail: string }) {
  return (
    <ul class="contacts">
      <li>
        Email <a href={`mailto:${aliasEmail}`}>{aliasEmail}</a>
      </li>
      {contacts.map((contact) => (
        <li key={contact.name}>
          {contact.name}, {contact.role}:{" "}
          {contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}
          {contact.email && contact.phone && ", "}
          {contact.phone && <a href={`tel:${contact.phone.replace(/[^\d+]/g, "")}`}>{contact.phone}</a>}
        </li>
      ))}
    </ul>
  );
}
