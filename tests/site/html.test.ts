import { describe, expect, it } from "vitest";
import { escapeHtml, fillHtml, html, SafeHtml, telHref } from "../../src/site/html.ts";

describe("html", () => {
  it("escapes every interpolated value, so YAML data can never inject markup", () => {
    const name = `<script>alert("x")</script> & 'friends'`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      `<p title="${escapeHtml(name)}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;</p>`,
    );
  });

  it("keeps markup it made itself, joins arrays and prints nothing for null, undefined and false", () => {
    const items = ["a<b", "c"].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe(
      "<ul><li>a&lt;b</li><li>c</li></ul>0",
    );
    expect(`${new SafeHtml("<b>x</b>")}`).toBe("<b>x</b>");
  });

  it("fills a UI string's placeholders: markup kept, text escaped", () => {
    expect(
      fillHtml("Call {number} or write to {who}.", { number: html`<a href="tel:1">1</a>`, who: "<Ada>" })
        .value,
    ).toBe('Call <a href="tel:1">1</a> or write to &lt;Ada&gt;.');
  });

  it("dials a number as people write it", () => {
    expect(telHref("07700 900123")).toBe("tel:07700900123");
    expect(telHref("+44 (0)20 7946-0018")).toBe("tel:+4402079460018");
  });
});
