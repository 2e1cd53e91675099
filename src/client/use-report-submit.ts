import type { SubmissionResult } from "@formspree/core";
import { type SubmitHandler, useSubmit } from "@formspree/react";
import type { Submission } from "../report/submission.ts";

type ReportSubmitter = SubmitHandler<
  Submission & Record<string, string>,
  SubmissionResult<Submission & Record<string, string>>
>;

const notOnTheServer: ReportSubmitter = () =>
  Promise.reject(new Error("The report form submits only in the browser."));

/**
 * The form's submit function, through @formspree/react's `useSubmit`, posting to `{origin}/f/{formId}`.
 *
 * At build time the form is rendered without it: nothing is submitted there, and in Node
 * @formspree/react resolves to its CommonJS build, whose hooks belong to a second copy of Preact.
 * Whether we are on the server never changes within one environment, so the hook order is stable.
 *
 * @param formId - the form's id at the endpoint
 * @param origin - the endpoint's origin, e.g. https://formspree.io or the page's own origin
 */
export function useReportSubmit(formId: string, origin: string): ReportSubmitter {
  if (typeof window === "undefined") return notOnTheServer;
  return useSubmit<Submission & Record<string, string>>(formId, { origin });
}
