import { fillParts } from "../i18n/ui-strings.ts";

/** Markup that is already safe to print: shortcodes return it, and `html` does not escape it again. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for use in HTML content and double-quoted attributes. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * Escapes a template's `{{ value }}` (Liquid's outputEscape): `&`, `<`, `>` and `"`, which is all that
 * text in HTML content or a double-quoted attribute needs. An apostrophe is left as typed, so markdown's
 * typographer still curls it when the value is printed inside a markdown page.
 */
export function escapeTemplateOutput(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/**
 * A template tag that escapes every interpolated value unless it is {@link SafeHtml}; arrays are
 * joined. Data from YAML can therefore never inject markup into a page.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(value);
}

/**
 * A UI string as markup: its text escaped, each `{placeholder}` replaced by a value (markup is kept,
 * text is escaped). See src/i18n/ui-strings.ts.
 */
export function fillHtml(template: string, values: Readonly<Record<string, SafeHtml | string>>): SafeHtml {
  return html`${fillParts(template, values)}`;
}

/** A `tel:` address from a number as people write it ("07700 900123" → "tel:07700900123"). */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}
