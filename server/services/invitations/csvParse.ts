/**
 * Reading a CSV of people to invite (RFC 4180, read leniently): a byte
 * order mark is dropped; lines end in CRLF, LF or CR; a cell in double
 * quotes may hold commas, line breaks and doubled quotes; blank lines are
 * skipped. Each record keeps the line it starts on, so every problem can
 * be reported as "Line N". Nothing is neutralised: the cells are data for
 * us, never shown to a spreadsheet.
 */

export interface CsvRecord {
  /** 1-based line of the file where this record starts (the header is line 1 in most files). */
  line: number;
  cells: string[];
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

export function parseCsv(text: string): CsvParse {
  const input = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteStartLine = 0;
  // Whether the current cell began with a quote (then text after its closing quote is an error).
  let cellWasQuoted = false;
  let afterClosingQuote = false;

  const endRecord = () => {
    cells.push(cell);
    // A line with nothing on it is not a record.
    if (!(cells.length === 1 && cells[0] === "" && !cellWasQuoted)) records.push({ line: recordLine, cells });
    cells = [];
    cell = "";
    cellWasQuoted = false;
    afterClosingQuote = false;
  };

  for (let i = 0; i < input.length; i += 1) {
    const ch = input[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else {
          quoted = false;
          afterClosingQuote = true;
        }
      } else {
        if (ch === "\n" || (ch === "\r" && input[i + 1] !== "\n")) line += 1;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell.trim() === "" && !cellWasQuoted) {
      quoted = true;
      cellWasQuoted = true;
      quoteStartLine = line;
      cell = "";
      continue;
    }
    if (ch === ",") {
      cells.push(cell);
      cell = "";
      cellWasQuoted = false;
      afterClosingQuote = false;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && input[i + 1] === "\n") i += 1;
      endRecord();
      line += 1;
      recordLine = line;
      continue;
    }
    if (afterClosingQuote) {
      // Spaces after a closing quote are harmless; anything else means the quotes were not what the writer meant.
      if (ch.trim() === "") continue;
      return { ok: false, line, message: `Line ${line}: text after a closing quote. Put the whole cell in quotes and double any quote inside it ("").` };
    }
    cell += ch;
  }
  if (quoted) return { ok: false, line: quoteStartLine, message: `Line ${quoteStartLine}: a quote opened here is never closed.` };
  if (cell !== "" || cells.length > 0 || cellWasQuoted) endRecord();
  return { ok: true, records };
}
