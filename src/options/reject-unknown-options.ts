/**
 * Throws when an options object holds a name its function does not know: a misspelt option is a
 * programming mistake, and ignoring it would silently build or check something else.
 * Call it with what is left after destructuring the known options:
 * `const { dir, now, ...rest } = options; rejectUnknownOptions("loadContent", rest);`
 *
 * @param functionName - the function's name, for the message
 * @param rest - the options object without its known names
 * @throws TypeError naming every unknown option
 */
export function rejectUnknownOptions(functionName: string, rest: object): void {
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new TypeError(`${functionName}: unknown option ${unknown.join(", ")}`);
}

/**
 * An options object without the names its function knows: what {@link rejectUnknownOptions} checks,
 * for functions that read their options as `options.name` instead of destructuring them.
 *
 * @param options - the options object
 * @param known - the names the function knows
 */
export function withoutKeys(options: object, known: readonly string[]): object {
  return Object.fromEntries(Object.entries(options).filter(([name]) => !known.includes(name)));
}
