/**
 * CSV files that spreadsheets open as plain text (decision 22):
 * - RFC 4180: every cell quoted, quotes doubled, lines end in CRLF, so a
 *   separator inside a cell (`,` or the `;` of other locales) never starts
 *   a new cell;
 * - OWASP CSV Injection: a cell a spreadsheet would read as a formula
 *   (starting, after any blanks, with = + - @, tab, CR or LF, or their
 *   full-width forms) is prefixed with an apostrophe, so it is shown and
 *   never run;
 * - UTF-8 with a byte order mark, so Excel reads "Zoë" as Zoë.
 */
const formulaStart = /^[\s\u00A0\u3000]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export const utf8Bom = "\uFEFF";

export type CsvValue = string | number | null | undefined;

export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** A whole file: the header row, then one row per record. */
export function toCsv(header: string[], rows: CsvValue[][]): string {
  return `${utf8Bom}${[header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
