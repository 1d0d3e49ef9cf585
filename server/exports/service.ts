// Exports. One assessment as CSV, XLSX or JSON, for whoever may read it: a draft (anything not signed)
// from the live snapshot, a finalized one from its current frozen snapshot (what the signed PDF shows), so
// a signed record's export never changes. And the programme export: a row per assessment the user may
// see, streamed in batches read by id, so its memory does not grow with the number of assessments.
import type { Writable } from 'node:stream';
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { organizationName } from '../domain/organization.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { AssessmentSnapshot } from '../domain/record/snapshot.js';
import { openAssessment, type AssessmentAccess } from '../assessments/access.js';
import { pick, translator } from '../i18n.js';
import { liveSnapshot } from '../record/snapshot.js';
import { signOffsOf } from '../reports/service.js';
import { answersSheet, resultsSheet } from './assessment-sheets.js';
import { csvStream, csvText, neutraliseRow, spreadsheetTime, type Cell } from './cells.js';
import { programmeBatch, questionnaireVersionsInScope, type ProgrammeFilters, type ProgrammeRow, type ProgrammeScope } from './programme-repo.js';
import { assessmentWorkbook, columnWidths, streamingSheet, XLSX_TYPE } from './xlsx.js';

export type AssessmentFormat = 'csv' | 'xlsx' | 'json';
export type SheetFormat = 'csv' | 'xlsx';

export const CSV_TYPE = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export interface ExportFile {
  body: Buffer | string;
  contentType: string;
  fileName: string;
}

/** The record an export shows: the current frozen snapshot of a finalized assessment, else the live one. */
export async function exportedSnapshot(ctx: AppContext, access: AssessmentAccess): Promise<{ snapshot: AssessmentSnapshot; code: string | null }> {
  if (access.assessment.status !== 'finalized') {
    return { snapshot: await liveSnapshot(ctx.db, access.questionnaire, access.assessment, access.org), code: null };
  }
  const current = (await signOffsOf(ctx, access)).at(-1)!;
  return { snapshot: current.snapshot, code: current.code };
}

export async function assessmentExport(
  ctx: AppContext,
  user: User,
  id: string,
  format: AssessmentFormat,
  locale: Locale,
  /** The absolute address of the snapshot's JSON Schema, named in a JSON export's `$schema`. */
  schemaUrl: string,
): Promise<ExportFile> {
  const access = await openAssessment(ctx, user, id);
  const { snapshot, code } = await exportedSnapshot(ctx, access);
  const stem = `zhiping-assessment-${access.assessment.id.slice(0, 8)}-${snapshot.signature ? `r${snapshot.signature.revision}` : 'draft'}`;
  if (format === 'json') {
    return { body: JSON.stringify({ $schema: schemaUrl, ...snapshot }, null, 2), contentType: JSON_TYPE, fileName: `${stem}.json` };
  }
  const answers = answersSheet(access.questionnaire, snapshot, locale);
  if (format === 'csv') return { body: await csvText(answers.header, answers.rows), contentType: CSV_TYPE, fileName: `${stem}-${locale}.csv` };
  const t = translator(locale);
  const results = resultsSheet(access.questionnaire, snapshot, locale, { verificationCode: code, formatTime: spreadsheetTime(ctx.config.timeZone) });
  const body = await assessmentWorkbook({ answers: t('exports.sheets.answers'), results: t('exports.sheets.results') }, answers, results);
  return { body, contentType: XLSX_TYPE, fileName: `${stem}-${locale}.xlsx` };
}

// ---- The programme export ----

/** Rows read from the database per query. */
export const PROGRAMME_BATCH = 1000;

function scopeOf(user: User): ProgrammeScope {
  return user.is_platform_admin === 1 ? { kind: 'all' } : { kind: 'user', userId: user.id };
}

const compareVersions = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** The dimension columns: the union of the dimension ids of the questionnaire versions present, in a stable order. */
function dimensionColumns(ctx: AppContext, versions: { id: string; version: string }[], locale: Locale): { id: string; label: string }[] {
  const sorted = [...versions].sort((a, b) => a.id.localeCompare(b.id) || compareVersions(b.version, a.version));
  const columns = new Map<string, string>();
  for (const v of sorted) {
    const q: Questionnaire | undefined = ctx.catalog.find(v.id, v.version);
    for (const d of q?.dimensions ?? []) if (!columns.has(d.id)) columns.set(d.id, `${pick(d.title, locale)} (${d.id})`);
  }
  return [...columns].map(([id, label]) => ({ id, label }));
}

export interface ProgrammeExport {
  contentType: string;
  fileName: string;
  /** Writes the file to `out`, batch by batch, waiting whenever `out` asks to; ends `out`. */
  write(out: Writable): Promise<void>;
}

/** Resolves when `stream` can take more, or when `out` has closed (the client went away). */
function drained(stream: Writable, out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      out.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    out.once('close', done);
  });
}

export async function programmeExport(ctx: AppContext, user: User, query: ProgrammeFilters, format: SheetFormat, locale: Locale): Promise<ProgrammeExport> {
  const t = translator(locale);
  const scope = scopeOf(user);
  const dimensions = dimensionColumns(ctx, await questionnaireVersionsInScope(ctx.db, scope, query), locale);
  const header = [
    ...['assessmentId', 'assessment', 'organization', 'creditCode', 'province', 'industry', 'sizeBand', 'questionnaireId', 'questionnaireVersion', 'status', 'level', 'score'].map(
      (k) => t(`exports.columns.${k}`),
    ),
    ...dimensions.map((d) => d.label),
    ...['createdAt', 'submittedAt', 'signedAt'].map((k) => t(`exports.columns.${k}`)),
  ];
  const time = spreadsheetTime(ctx.config.timeZone);
  // A few dozen distinct labels over thousands of rows: each translated once (i18next per cell dominated the time).
  const labels = new Map<string, string>();
  const label = (key: string, fallback: string) => {
    let text = labels.get(key);
    if (text === undefined) labels.set(key, (text = t(key, { defaultValue: fallback })));
    return text;
  };
  const toRow = (r: ProgrammeRow): Cell[] => {
    const ok = r.scoreStatus === 'ok';
    return [
      r.id,
      r.title,
      organizationName(r.org, locale),
      r.org.creditCode,
      r.org.province ? label(`province.${r.org.province}`, r.org.province) : '',
      label(`industry.${r.org.industry}`, r.org.industry),
      label(`sizeBand.${r.org.sizeBand}`, r.org.sizeBand),
      r.questionnaireId,
      r.questionnaireVersion,
      label(`status.${r.status}`, r.status),
      ok ? r.level : null,
      ok ? r.score : null,
      ...dimensions.map((d) => r.dimensionLevels.get(d.id) ?? null),
      time(r.createdAt),
      time(r.submittedAt),
      time(r.finalizedAt),
    ];
  };

  /** Every row in scope, in id order, batch by batch; stops early once `out` has closed. */
  async function* batches(out: Writable): AsyncGenerator<Cell[][]> {
    let after: string | null = null;
    for (;;) {
      if (out.destroyed) return;
      const rows = await programmeBatch(ctx.db, scope, query, after, PROGRAMME_BATCH);
      if (rows.length) yield rows.map(toRow);
      if (rows.length < PROGRAMME_BATCH) return;
      after = rows.at(-1)!.id;
    }
  }

  const stem = `zhiping-assessments-${new Date().toISOString().slice(0, 10)}-${locale}`;
  if (format === 'csv') {
    return {
      contentType: CSV_TYPE,
      fileName: `${stem}.csv`,
      async write(out) {
        const csv = csvStream(header);
        csv.pipe(out);
        for await (const rows of batches(out)) {
          for (const row of rows) if (!csv.write(neutraliseRow(row))) await drained(csv, out);
        }
        csv.end();
      },
    };
  }
  return {
    contentType: XLSX_TYPE,
    fileName: `${stem}.xlsx`,
    async write(out) {
      const sheet = streamingSheet(out, t('exports.sheets.assessments'), header, columnWidths(header, [14, 24, 28, 20]));
      for await (const rows of batches(out)) {
        for (const row of rows) sheet.write(row);
        if (out.writableNeedDrain) await drained(out, out);
      }
      await sheet.end();
    },
  };
}
