// What every spreadsheet the app writes (CSV and XLSX) does to a cell: text that a spreadsheet would read as a
// formula (= + - @, and a leading tab or carriage return) is neutralised with a leading apostrophe (OWASP's
// advice against CSV injection), and a CSV starts with a UTF-8 byte-order mark so Excel on a Chinese Windows
// reads it as UTF-8. Numbers stay numbers.
import { stringify, type Options } from 'csv-stringify';

/** The UTF-8 byte-order mark a CSV file starts with. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

export type Cell = string | number | boolean | null | undefined;

/** A cell as it is written: text that starts like a formula gets a leading apostrophe; numbers pass. */
export function neutraliseCell(value: Cell): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function neutraliseRow(row: readonly Cell[]): (string | number | boolean | null)[] {
  return row.map(neutraliseCell);
}

/**
 * A CSV stream: write neutralised rows (`csvStream.write(neutraliseRow(row))`) and pipe it to the response.
 * The BOM comes first; lines end with CRLF (RFC 4180, and what Excel writes).
 */
export function csvStream(header: readonly string[], options: Options = {}) {
  return stringify({ bom: true, header: true, columns: header.map((h, i) => ({ key: String(i), header: h })), record_delimiter: 'windows', ...options });
}

/** A whole (small) CSV as text: one assessment's answers. */
export async function csvText(header: readonly string[], rows: readonly (readonly Cell[])[]): Promise<string> {
  const csv = csvStream(header);
  const chunks: string[] = [];
  csv.on('data', (c: Buffer | string) => chunks.push(String(c)));
  const done = new Promise<void>((resolve, reject) => {
    csv.on('end', resolve);
    csv.on('error', reject);
  });
  for (const row of rows) csv.write(neutraliseRow(row));
  csv.end();
  await done;
  return chunks.join('');
}

/**
 * How a moment is written in a cell: "2026-11-25 13:54" in the installation's time zone, which a
 * spreadsheet sorts as text and reads as a date. One formatter per export, reused for every row.
 */
export function spreadsheetTime(timeZone: string): (iso: string | null) => string {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso) => (iso ? format.format(new Date(iso)) : '');
}
