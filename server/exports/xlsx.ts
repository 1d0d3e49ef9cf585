// The XLSX side of the exports (exceljs): every text cell neutralised like the CSV's, a bold frozen
// header row and widths that fit. One assessment is a small workbook built in memory; the programme
// export streams (WorkbookWriter without shared strings, each row committed as it is written).
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseRow, type Cell } from './cells.js';
import type { ResultsSheet, Sheet } from './assessment-sheets.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const HEADER_FONT = { bold: true } as const;
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});
const FROZEN_HEADER = [{ state: 'frozen' as const, ySplit: 1 }];

/** Widths in characters: the wider of the header and the given typical width, CJK counted double. */
export function columnWidths(header: readonly string[], typical: readonly number[] = []): number[] {
  const displayWidth = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);
  return header.map((h, i) => Math.min(60, Math.max(typical[i] ?? 10, displayWidth(h) + 2)));
}

function addTable(ws: ExcelJS.Worksheet, sheet: Sheet, widths: number[]): void {
  ws.columns = sheet.header.map((h, i) => ({ header: h, width: widths[i] }));
  ws.getRow(1).font = HEADER_FONT;
  for (const row of sheet.rows) ws.addRow(neutraliseRow(row));
}

/** One assessment: its answers (sheet 1, as the CSV) and its results (sheet 2). */
export async function assessmentWorkbook(
  names: { answers: string; results: string },
  answers: Sheet,
  results: ResultsSheet,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zhiping';
  const first = wb.addWorksheet(names.answers, { views: FROZEN_HEADER });
  addTable(first, answers, columnWidths(answers.header, [18, 20, 10, 60, 8, 28, 28, 16, 18, 30]));
  first.getColumn(4).alignment = { wrapText: true, vertical: 'top' };

  const second = wb.addWorksheet(names.results);
  second.columns = [{ width: 24 }, { width: 40 }, { width: 10 }, { width: 12 }];
  for (const [label, value] of results.facts) second.addRow(neutraliseRow([label, value])).getCell(1).font = HEADER_FONT;
  second.addRow([]);
  second.addRow(neutraliseRow(results.dimensions.header)).font = HEADER_FONT;
  for (const row of results.dimensions.rows) second.addRow(neutraliseRow(row));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A one-sheet workbook written to `out` as rows come: write() commits each row; end() finishes the file. */
export function streamingSheet(out: Writable, name: string, header: readonly string[], widths: number[]) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet(name, { views: FROZEN_HEADER });
  ws.columns = header.map((h, i) => ({ header: h, width: widths[i] }));
  const headerRow = ws.getRow(1);
  headerRow.font = HEADER_FONT;
  headerRow.commit();
  return {
    write(row: readonly Cell[]): void {
      const added = ws.addRow(neutraliseRow(row));
      // exceljs gives each new cell its own empty style object and resolves every one to a style id;
      // one shared plain style is resolved once (its cache is by object), which halves the time per row.
      added.eachCell((cell) => (cell.style = PLAIN));
      added.commit();
    },
    async end(): Promise<void> {
      ws.commit();
      await wb.commit();
    },
  };
}
