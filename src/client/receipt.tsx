import type { ComponentChildren, Ref } from "preact";
import { useState } from "preact/hooks";
import type { FormKey } from "../i18n/ui-strings.ts";
import { telHref } from "../site/html.ts";
import type { ReportFormProps, UrgentHelp as UrgentHelpData } from "../site/report-form-props.ts";
import type { PhoneNumber } from "../site/site-schema.ts";
import { downloadText } from "./download.ts";
import type { ReportSituation } from "./report-situation.ts";

/** A form string with its placeholders filled (the form's `fill`). */
export type Fill = (
  key: FormKey,
  values?: Readonly<Record<string, ComponentChildren>>,
) => ComponentChildren[];

/**
 * What the reporter sees once the report is sent, worded for what they did: when they said it is still
 * happening, how to get help now comes first, in large type; then the reference (never broken across
 * lines, with a copy button); then whether and when a responder replies, depending on whether they
 * left contact details; then their own copy.
 */
export function Receipt({
  props,
  fill,
  reference,
  plaintext,
  situation,
  headingRef,
}: {
  props: ReportFormProps;
  fill: Fill;
  reference: string;
  plaintext: string;
  situation: ReportSituation;
  /** Focus goes here: the first heading, read first. */
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const t = props.strings;
  const subject = fill("form.report_subject", { reference }).join("");
  return (
    <div class="receipt">
      {situation.stillHappening && <UrgentHelp help={props.urgentHelp} fill={fill} headingRef={headingRef} />}
      <h2 tabIndex={-1} ref={situation.stillHappening ? undefined : headingRef}>
        {t["form.sent"]}
      </h2>
      <p class="reference-line">
        {fill("form.your_reference", { reference: <CopyableReference reference={reference} fill={fill} /> })}
      </p>
      <p>
        {situation.leftContact
          ? fill("form.reply_contact", { follow_up: props.followUp })
          : t["form.reply_anonymous"]}{" "}
        {fill("form.write_any_time", {
          email: (
            <a href={`mailto:${props.aliasEmail}?subject=${encodeURIComponent(subject)}`}>
              {props.aliasEmail}
            </a>
          ),
        })}
      </p>
      <p>
        <button
          type="button"
          class="link-button save-copy"
          onClick={() =>
            downloadText({ text: plaintext, fileName: `my-report-${reference}.txt`, type: "text/plain" })
          }
        >
          {t["form.save_copy"]}
        </button>{" "}
        {t["form.save_copy_note"]}
      </p>
    </div>
  );
}

/**
 * The reference in one unbroken piece (no line break at its hyphens, where a reporter would copy half
 * of it) with a button that copies it. If the clipboard is unavailable the reference is selected, so
 * the reporter's own "copy" takes it whole.
 */
function CopyableReference({ reference, fill }: { reference: string; fill: Fill }) {
  const [copied, setCopied] = useState(false);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(reference);
      setCopied(true);
    } catch {
      if (element) window.getSelection()?.selectAllChildren(element);
    }
  };
  return (
    <>
      <strong class="reference" dir="ltr" ref={setElement}>
        {reference}
      </strong>{" "}
      <button type="button" class="copy-reference" onClick={() => void copy()}>
        {fill(copied ? "form.reference_copied" : "form.copy_reference")}
      </button>
      <span class="visually-hidden" role="status">
        {copied ? fill("form.reference_copied") : ""}
      </span>
    </>
  );
}

/**
 * How to get help now: the emergency numbers as large call buttons, the responders' phone, where to
 * find staff. First on the receipt and on a failed send when the reporter said it is still happening.
 */
export function UrgentHelp({
  help,
  fill,
  headingRef,
}: {
  help: UrgentHelpData;
  fill: Fill;
  headingRef?: Ref<HTMLHeadingElement> | undefined;
}) {
  return (
    <section class="urgent-help" aria-labelledby="urgent-help-title">
      <h2 id="urgent-help-title" tabIndex={-1} ref={headingRef}>
        {fill("form.urgent_title")}
      </h2>
      <CallButtons phones={help.emergency} />
      {help.phone && (
        <p>
          {fill("form.urgent_phone", {
            number: (
              <a class="tel" href={telHref(help.phone.number)} dir="ltr">
                {help.phone.number}
              </a>
            ),
          })}
        </p>
      )}
      {help.staff && <p>{fill("form.urgent_staff", { staff: help.staff, where: help.where ?? "" })}</p>}
    </section>
  );
}

/** The same large call buttons as the pages' emergency box (src/site/procedure-blocks.ts). */
function CallButtons({ phones }: { phones: readonly PhoneNumber[] }) {
  return (
    <ul class="numbers calls">
      {phones.map((phone) => (
        <li key={phone.number}>
          <a class="call" href={telHref(phone.number)}>
            <span class="call-number" dir="ltr">
              {phone.number}
            </span>{" "}
            <span class="call-label">{phone.label}</span>
          </a>
          {phone.note && <span class="note">{phone.note}</span>}
        </li>
      ))}
    </ul>
  );
}
