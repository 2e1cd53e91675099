import type { SiteLanguage } from "../i18n/translations.ts";
import { fillHtml, html, type SafeHtml } from "./html.ts";
import type { TransparencyData } from "./transparency-data.ts";

/**
 * The `{% transparency_report %}` block: the figures the responders' desk wrote to
 * `_data/transparency.yaml`, as two tables (by kind, by outcome) in the page's language. The data
 * file holds no count below the threshold (transparency-data.ts refuses one), so the block prints
 * every number it has. Pure.
 *
 * @param data - the parsed data file, or null when there is none yet
 * @param language - the page's language
 */
export function transparencyBlock(data: TransparencyData | null, language: SiteLanguage): SafeHtml {
  const { ui, tag } = language;
  if (!data) return html`<p class="transparency">${ui["transparency.none"]}</p>`;
  const number = new Intl.NumberFormat(tag);
  const table = (
    caption: string,
    rows: TransparencyData["categories"],
    nullLabel: string,
    other: number | null,
    otherLabel: string,
  ) =>
    rows.length === 0 && other === null
      ? html``
      : html`<table><caption>${caption}</caption><thead><tr><th scope="col">${caption}</th><th scope="col">${ui["transparency.reports"]}</th></tr></thead><tbody>${rows.map(
          (row) =>
            html`<tr><th scope="row">${row.label ?? nullLabel}</th><td>${number.format(row.count)}</td></tr>`,
        )}${other === null ? "" : html`<tr><th scope="row">${otherLabel}</th><td>${number.format(other)}</td></tr>`}</tbody></table>`;
  const threshold = number.format(data.threshold);
  return html`<div class="transparency"><p>${
    data.total === null
      ? fillHtml(ui["transparency.few"], { threshold })
      : fillHtml(ui["transparency.total"], { count: number.format(data.total) })
  }</p>${table(
    ui["transparency.categories"],
    data.categories,
    ui["transparency.unclassified"],
    data.other_categories,
    ui["transparency.other_categories"],
  )}${table(
    ui["transparency.outcomes"],
    data.outcomes,
    ui["transparency.open"],
    data.other_outcomes,
    ui["transparency.other_outcomes"],
  )}<p>${fillHtml(ui["transparency.suppressed"], { threshold })}</p></div>`;
}
