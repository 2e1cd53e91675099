import { hydrate } from "preact";
import type { ReportFormProps } from "../site/report-form-props.ts";
import { ISLAND_ID, PROPS_ID } from "./island-ids.ts";
import { ReportForm } from "./report-form.tsx";

const container = document.getElementById(ISLAND_ID);
const propsElement = document.getElementById(PROPS_ID);
if (container && propsElement?.textContent) {
  const props = JSON.parse(propsElement.textContent) as ReportFormProps;
  hydrate(<ReportForm {...props} />, container);
  // The OpenPGP code is loaded when the reporter first focuses the form (load-sealer.ts), not here.
}
