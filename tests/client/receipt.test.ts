import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { type Fill, Receipt, UrgentHelp } from "../../src/client/receipt.tsx";
import { loadContent } from "../../src/content/load-content.ts";
import { fillParts } from "../../src/i18n/ui-strings.ts";
import { escapeHtml } from "../../src/site/html.ts";
import { reportFormProps } from "../../src/site/report-form-props.ts";
import { EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
if (!content) throw new Error("the example content does not load");

/** The receipt as the build would render it, in one of the example's languages. */
function receipt(situation: { leftContact: boolean; stillHappening: boolean }, languageIndex = 0) {
  const language = content?.languages[languageIndex];
  if (!language) throw new Error("no such language");
  const props = reportFormProps(language, { eventName: "Test", now: NOW });
  const fill: Fill = (key, values = {}) => fillParts(props.strings[key], values);
  const html = renderToString(
    h(Receipt, {
      props,
      fill,
      reference: "R-CPFQ-JVKB",
      plaintext: "the report",
      situation,
      headingRef: { current: null },
    }),
  );
  return { html, props, text: (key: keyof typeof props.strings) => escapeHtml(props.strings[key]) };
}

describe("the receipt (issue 14)", () => {
  it("tells someone who left contact details when a responder replies, and nothing about anonymity", () => {
    const { html, props, text } = receipt({ leftContact: true, stillHappening: false });
    expect(html).toContain(
      escapeHtml(props.strings["form.reply_contact"].replace("{follow_up}", props.followUp)),
    );
    expect(html).not.toContain(text("form.reply_anonymous"));
    expect(html).not.toContain('class="urgent-help"');
  });

  it("tells someone who left none that nobody can reply, but the report is acted on", () => {
    const { html, text } = receipt({ leftContact: false, stillHappening: false });
    expect(html).toContain(text("form.reply_anonymous"));
    expect(html).not.toContain("will reply");
  });

  it("puts how to get help now first when it is still happening: emergency numbers, the responders' phone, staff", () => {
    const { html, props, text } = receipt({ leftContact: false, stillHappening: true });
    const urgent = html.indexOf(text("form.urgent_title"));
    expect(urgent).toBeGreaterThan(-1);
    expect(urgent).toBeLessThan(html.indexOf(text("form.sent")));
    for (const phone of props.urgentHelp.emergency)
      expect(html).toContain(`href="tel:${phone.number.replace(/[^\d+]/g, "")}"`);
    expect(html).toContain(`href="tel:${props.urgentHelp.phone?.number.replace(/[^\d+]/g, "")}"`);
    expect(html).toContain(escapeHtml(props.urgentHelp.staff));
  });

  it("shows the reference as one unbreakable, left-to-right piece with a copy button, in Arabic too", () => {
    for (const index of [0, 1]) {
      const { html, text } = receipt({ leftContact: true, stillHappening: false }, index);
      expect(html).toContain('<strong class="reference" dir="ltr">R-CPFQ-JVKB</strong>');
      expect(html).toContain(
        `<button type="button" class="copy-reference">${text("form.copy_reference")}</button>`,
      );
    }
  });

  it("renders the urgent help on its own, for a failed send", () => {
    const { props } = receipt({ leftContact: false, stillHappening: true });
    const fill: Fill = (key, values = {}) => fillParts(props.strings[key], values);
    const html = renderToString(h(UrgentHelp, { help: props.urgentHelp, fill }));
    expect(html).toMatch(
      /^<section class="urgent-help" aria-labelledby="urgent-help-title"><h2 id="urgent-help-title"/,
    );
    expect(html.match(/class="call"/g)).toHaveLength(props.urgentHelp.emergency.length);
  });
});
