// Reading an uploaded import file into rows of text cells: XLSX when its content says so (file-type),
// otherwise CSV when it is UTF-8 text (a byte-order mark allowed). The name and the browser's type are
// never trusted. Anything else is refused with the reason, in the field's words.
import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { MAX_IMPORT_ROWS } from '../domain/org-import.js';
import { Invalid } from '../errors.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export const refused = (messageKey: string) => new Invalid('errors.invalidInput', { file: messageKey });

/** The rows of the file, header first; every cell as trimmed text. */
export async function readImportFile(bytes: Buffer): Promise<string[][]> {
  if (!bytes.length) throw refused('orgImport.errors.emptyFile');
  const found = await fileTypeFromBuffer(bytes);
  if (found?.mime === XLSX_MIME) return readXlsx(bytes);
  if (found) throw refused('orgImport.errors.notSpreadsheet');
  return readCsv(bytes);
}

function readCsv(bytes: Buffer): string[][] {
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (body.includes(0) || !isUtf8(body)) throw refused('orgImport.errors.notUtf8');
  try {
    const rows = parse(body.toString('utf8'), { relax_column_count: true, skip_empty_lines: false, to_line: MAX_IMPORT_ROWS + 2 }) as string[][];
    return rows.map((r) => r.map((c) => c.trim()));
  } catch {
    throw refused('orgImport.errors.badCsv');
  }
}

/** A cell's value as the sheet shows it: text, a number's digits, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw refused('orgImport.errors.badXlsx');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw refused('orgImport.errors.emptyFile');
  const rows: string[][] = [];
  const last = Math.min(sheet.rowCount, MAX_IMPORT_ROWS + 2);
  for (let i = 1; i <= last; i++) {
    const row = sheet.getRow(i);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows.push(cells);
  }
  return rows;
}
