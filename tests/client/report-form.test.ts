import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { ReportForm } from "../../src/client/report-form.tsx";
import { loadContent } from "../../src/content/load-content.ts";
import { reportFormProps } from "../../src/site/report-form-props.ts";
import { EXAMPLE_CONTENT, NOW } from "../helpers/content-folder.ts";

const { content } = await loadContent({ dir: EXAMPLE_CONTENT, now: NOW });
const language = content?.languages[0];
if (!language) throw new Error("the example content does not load");
const props = reportFormProps(language, { eventName: "Test", now: NOW });

describe("the report form as the build renders it (issue 14)", () => {
  it("shows a responder's photo beside their name when the roster gives one, and none otherwise", () => {
    const [first, ...others] = props.recipients;
    if (!first) throw new Error("no recipients");
    const html = renderToString(
      h(ReportForm, { ...props, recipients: [{ ...first, photo: "/responders/ada/photo.jpg" }, ...others] }),
    );
    expect(html).toContain('<img class="photo" src="/responders/ada/photo.jpg" alt width="56" height="56"/>');
    // An empty alt (Preact writes it bare): the name beside the photo says who it is.
    expect(html.match(/class="photo"/g)).toHaveLength(1);
    expect(renderToString(h(ReportForm, props))).not.toContain('class="photo"');
  });

  it("gives the receipt what it needs to help at once: the emergency numbers, the responders' phone, where staff are", () => {
    expect(props.urgentHelp.emergency.map((phone) => phone.number)).toEqual(["999", "101", "116 123"]);
    expect(props.urgentHelp.phone?.number).toBe("07700 900123");
    expect(props.urgentHelp.staff).toMatch(/yellow lanyards/);
    expect(props.fields.find((field) => field.id === "ongoing")?.urgent_option).toBe(1);
  });
});
