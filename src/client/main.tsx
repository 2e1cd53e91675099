import { hydrate } from "preact";
import type { ReportFormProps } from "../site/report-form-props.ts";
import { ISLAND_ID, PROPS_ID } from "./island-ids.ts";
import { loadSealer, ReportForm } from "./report-form.tsx";

const container = document.getElementById(ISLAND_ID);
const propsElement = document.getElementById(PROPS_ID);
if (container && propsElement?.textContent) {
  const props = JSON.parse(propsElement.textContent) as ReportFormProps;
  hydrate(<ReportForm {...props} />, container);
  // Fetch the OpenPGP code while the reporter reads, so "send" does not wait for it.
  const idle = window.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 2000));
  idle(() => void loadSealer());
}
