/** The element holding the server-rendered report form, which the browser hydrates. */
export const ISLAND_ID = "report-form";
/** The JSON script element holding the form's props (fields, keys, endpoint). */
export const PROPS_ID = "report-form-props";
