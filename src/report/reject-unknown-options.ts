/**
 * Throws when an options object carries a key the function does not know: a misspelt option is a
 * programming mistake, and silently ignoring it could, for example, send a report with recipients
 * visible that was meant to hide them.
 *
 * @param functionName - named in the message
 * @param options - the options object as passed
 * @param known - every option the function reads
 * @throws TypeError naming the unknown keys and the known ones
 */
export function rejectUnknownOptions(functionName: string, options: object, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0)
    throw new TypeError(`${functionName}: unknown option ${unknown.join(", ")} (known: ${known.join(", ")})`);
}
