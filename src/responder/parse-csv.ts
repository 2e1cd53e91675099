/**
 * A small RFC 4180 CSV reader, enough for the exports form services write (Formspree's included):
 * comma-separated, `"` quotes, `""` for a quote inside a quoted cell, line breaks inside quoted cells,
 * CRLF or LF between records, an optional byte order mark. Pure and never throws: input that breaks the
 * rules (a stray quote, an unterminated quoted cell) is read as a person would read it, and said.
 */

/** One record of a CSV text. */
export interface CsvRecord {
  /** the record's number, from 1 (the header, when there is one, is record 1) */
  number: number;
  /** the line the record starts on, from 1: differs from `number` once a cell holds a line break */
  line: number;
  cells: string[];
}

/** What {@link parseCsv} returns. */
export interface CsvResult {
  records: CsvRecord[];
  /** rule breaks met on the way, such as a quoted cell that never ends; the records are still returned */
  problems: string[];
}

/** An unquoted cell's text runs to the next comma or line end. */
const UNQUOTED = /[^,\r\n]*/y;

/**
 * Splits a CSV text into records of cells. A line break inside a quoted cell is kept as it is (CRLF
 * stays CRLF). Empty lines between records are skipped, so record numbers count the records that hold
 * something, as a spreadsheet's row numbers do.
 *
 * @param text - the CSV file's text
 */
export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let line = 1;
  let i = 0;
  while (i < input.length) {
    const recordLine = line;
    const cells: string[] = [];
    // One record: cells separated by commas, up to a line end outside quotes or the end of the text.
    while (true) {
      let cell = "";
      if (input[i] === '"') {
        const opened = line;
        i++;
        while (true) {
          const quote = input.indexOf('"', i);
          if (quote < 0) {
            cell += input.slice(i);
            line += countLineBreaks(input, i, input.length);
            i = input.length;
            problems.push(
              `the quoted cell that starts on line ${opened} never ends: the file may be cut short`,
            );
            break;
          }
          cell += input.slice(i, quote);
          line += countLineBreaks(input, i, quote);
          if (input[quote + 1] === '"') {
            cell += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
      }
      // Unquoted text, or text after a closing quote (kept as it is, as a spreadsheet does).
      UNQUOTED.lastIndex = i;
      const rest = UNQUOTED.exec(input)?.[0] ?? "";
      cell += rest;
      i += rest.length;
      cells.push(cell);
      if (input[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (input[i] === "\r" && input[i + 1] === "\n") i += 2;
    else if (input[i] === "\n" || input[i] === "\r") i++;
    line++;
    // A line with nothing on it is not a record.
    if (!(cells.length === 1 && cells[0] === "")) {
      records.push({ number: records.length + 1, line: recordLine, cells });
    }
  }
  return { records, problems };
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at >= 0 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}
