// An organization's signed results over time: per questionnaire, every assessment whose sign-off is in
// force, with its level, composite score and dimension scores read from the frozen snapshot (the figures
// its signed PDF shows), as a table and as a line chart. For whoever may read its assessments.
import type { AppContext } from '../context.js';
import { trendGeometry } from '../domain/charts.js';
import { BAND_OPACITY, GRID, GRID_OUTER, LEVEL_COLOURS, SERIES_COLOURS, SERIES_DASHES, TREND_INK } from '../domain/palette.js';
import type { BilingualText, Questionnaire } from '../domain/questionnaire/schema.js';
import type { User } from '../db/schema.js';
import { currentSignedReportsOf, type SignedReport } from '../record/signed-repo.js';
import { openOrganization } from './roles.js';

export interface SignedRow {
  assessmentId: string;
  title: string;
  version: string;
  signedAt: string;
  revision: number;
  /** null: the signed result said "insufficient data". */
  level: number | null;
  score: number | null;
  dimensions: Record<string, { level: number; score: number } | undefined>;
}

/** The chart of one questionnaire's signed results: its geometry, and what each line is. */
function chartOf(q: Questionnaire, rows: SignedRow[], dimensions: { id: string }[]) {
  const values = [rows.map((r) => r.score), ...dimensions.map((d) => rows.map((r) => r.dimensions[d.id]?.score ?? null))];
  return trendGeometry(rows.length, values, { width: 760, height: 360, max: 5, threshold: q.scoring.threshold });
}

function questionnaireHistory(ctx: AppContext, id: string, reports: SignedReport[]) {
  const q = ctx.catalog.latest().find((x) => x.id === id) ?? ctx.catalog.get(id, reports.at(-1)!.snapshot.assessment.questionnaireVersion);
  // The newest version's dimensions, then any an older version had that it dropped.
  const titles = new Map<string, BilingualText>(q.dimensions.map((d) => [d.id, d.title]));
  for (const r of reports) {
    const version = ctx.catalog.find(id, r.snapshot.assessment.questionnaireVersion);
    for (const d of r.snapshot.result.dimensions) if (!titles.has(d.id)) titles.set(d.id, version?.dimensions.find((x) => x.id === d.id)?.title ?? { 'zh-CN': d.id, en: d.id });
  }
  const dimensions = [...titles].map(([dimensionId, title], i) => ({
    id: dimensionId,
    title,
    colour: SERIES_COLOURS[i % SERIES_COLOURS.length],
    dash: SERIES_DASHES[i % SERIES_DASHES.length],
  }));
  const rows: SignedRow[] = reports.map(({ assessmentId, revision, signedAt, snapshot }) => ({
    assessmentId,
    title: snapshot.assessment.title,
    version: snapshot.assessment.questionnaireVersion,
    signedAt,
    revision,
    level: snapshot.result.level,
    score: snapshot.result.score,
    dimensions: Object.fromEntries(snapshot.result.dimensions.map((d) => [d.id, { level: d.level, score: d.score }])),
  }));
  return { questionnaire: q, dimensions, rows, chart: chartOf(q, rows, dimensions) };
}

export type QuestionnaireHistory = ReturnType<typeof questionnaireHistory>;

/** The history page: NotFound for an unknown organization, Forbidden for anyone who may not read its assessments. */
export async function historyPage(ctx: AppContext, user: User, orgId: string) {
  const { org } = await openOrganization(ctx, user, orgId, 'org.history');
  const byQuestionnaire = new Map<string, SignedReport[]>();
  for (const r of await currentSignedReportsOf(ctx.db, org.id)) {
    const id = r.snapshot.assessment.questionnaireId;
    byQuestionnaire.set(id, [...(byQuestionnaire.get(id) ?? []), r]);
  }
  // In the catalog's order: enterprise questionnaires first.
  const order = ctx.catalog.latest().map((q) => q.id);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return {
    org,
    histories: [...byQuestionnaire].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([id, reports]) => questionnaireHistory(ctx, id, reports)),
    colours: { levels: LEVEL_COLOURS, bandOpacity: BAND_OPACITY, ink: TREND_INK, grid: GRID, gridOuter: GRID_OUTER },
  };
}
