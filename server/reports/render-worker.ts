// Runs in a worker thread of the report pool (server/reports/render-pool.ts): builds the report model from
// plain data (the questionnaire, the snapshot) and lays out the PDF, off the thread that answers requests.
import type { Locale } from '../domain/questionnaire/schema.js';
import { buildReportModel, type ReportInput } from './model.js';
import { renderReportPdf } from './pdf.js';

export interface RenderTask {
  input: ReportInput;
  locale: Locale;
}

export default async function render({ input, locale }: RenderTask): Promise<Uint8Array> {
  const pdf = await renderReportPdf(buildReportModel(input, locale));
  return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
}
