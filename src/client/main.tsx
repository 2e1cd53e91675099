import { hydrate } from "preact";
import type { ReportFormProps } from "../site/report-form-props.ts";
import { ISLAND_ID, PROPS_ID } from "./island-ids.ts";
import { ReportForm } from "./report-form.tsx";

const container = document.getElementById(ISLAND_ID);
const propsElement = document.getElementById(PROPS_ID);
if (container && propsElement?.textContent) {
  const props = JSON.parse(propsElement.textContent) as ReportFormProps;
  // Hydrate in a task of its own, after the one that evaluated this bundle: two short tasks instead of
  // one long one, so a slow phone can answer a tap in between (no long task blocks the main thread).
  setTimeout(() => hydrate(<ReportForm {...props} />, container), 0);
  // The OpenPGP code is loaded when the reporter first focuses the form (load-sealer.ts), not here.
}
