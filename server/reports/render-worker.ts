// Runs in a worker thread of the report pool (server/reports/render-pool.ts): builds the report model from
// plain data (the questionnaire, the snapshot) and lays out the PDF, off the thread that answers requests.
import { setPriority } from 'node:os';
import type { Locale } from '../domain/questionnaire/schema.js';
import { buildReportModel, type ReportInput } from './model.js';
import { renderReportPdf } from './pdf.js';

// A report may wait a moment; the pages people are clicking through may not. On Linux a priority set
// with pid 0 applies to the calling thread only, so this worker thread yields the cores to the thread
// answering requests (and to other processes' request threads) while it lays out a report.
try {
  setPriority(10);
} catch {
  // Not permitted or not supported here: the worker runs at the process's priority.
}

export interface RenderTask {
  input: ReportInput;
  locale: Locale;
}

export default async function render({ input, locale }: RenderTask): Promise<Uint8Array> {
  const pdf = await renderReportPdf(buildReportModel(input, locale));
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
