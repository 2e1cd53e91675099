/**
 * Stands in for `@stripe/react-stripe-js` and `@stripe/stripe-js` in the browser bundle.
 *
 * `@formspree/react` imports Stripe for its card payments, which a report form never takes: the form
 * uses `useSubmit` alone, and Stripe is reached only through `FormspreeProvider` with a `stripePK`.
 * Replacing the two packages with this module at bundle time (src/eleventy/island-bundle.ts) keeps
 * about 7 KB gzip of payment code off the report page. Should payment code ever be called, it fails
 * loudly instead of silently doing nothing.
 */

const NO_PAYMENTS =
  "Confide's report form is bundled without Stripe: @formspree/react's payment features are not available.";

function paymentsUnavailable(): never {
  throw new Error(NO_PAYMENTS);
}

/** `@stripe/react-stripe-js`'s card input: only ever used as an identifier when no `Elements` exists. */
export const CardElement = paymentsUnavailable;
/** `@stripe/react-stripe-js`'s provider: rendered only with a Stripe key, which the form never gives. */
export const Elements = paymentsUnavailable;
/** `@stripe/react-stripe-js`'s hook: called only inside `Elements`. */
export const useElements = paymentsUnavailable;

/** `@stripe/stripe-js`'s loader: called only with a Stripe key. */
export function loadStripe(): Promise<never> {
  return Promise.reject(new Error(NO_PAYMENTS));
}
