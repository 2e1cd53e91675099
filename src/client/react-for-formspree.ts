/**
 * The part of React that `@formspree/react` uses, from Preact, for the browser bundle (aliased as
 * "react" in src/eleventy/island-bundle.ts): createElement, createContext and four hooks.
 *
 * `preact/compat` would stand in for all of React, but `@formspree/react` imports React's default
 * export, which keeps every compat feature in the bundle (about 9 KB, 3.5 KB gzip, on the report
 * page's first load). Our own components are written for Preact and need none of compat's React
 * emulation. If a new @formspree/react imports another React function by name, the bundle fails to
 * build naming it; one called on the default export would fail when called (the form's browser tests
 * send through it): add it here.
 */
import { createContext, createElement } from "preact";

export { useContext, useEffect, useMemo, useState } from "preact/hooks";
export { createContext, createElement };

/** `import React from "react"`: the default export, with the two functions @formspree/react calls on it. */
export default { createContext, createElement };
