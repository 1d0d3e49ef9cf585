// The programme operator's dashboard: where the programme stands (assessments by status, completion) and
// the signed levels of one questionnaire version in a period by industry, province and size band, with every
// figure resting on fewer than 5 organizations suppressed (server/domain/programme-stats.ts). The page and
// its CSV and XLSX downloads are built from one model, so they suppress exactly the same figures.
import type { AppContext } from '../context.js';
import type { AssessmentStatus, User } from '../db/schema.js';
import { stackedBarGeometry } from '../domain/charts.js';
import { LEVEL_COLOURS, LEVEL_INKS } from '../domain/palette.js';
import { LEVELS, MIN_ORGANIZATIONS, programmeStats, type GroupFigures, type Grouping, type GroupingId, type SignedResult } from '../domain/programme-stats.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { Forbidden } from '../errors.js';
import type { Locale } from '../i18n.js';
import { INDUSTRIES, PROVINCES, SIZE_BANDS } from '../orgs/catalogs.js';
import { dashboardHref, GROUPINGS, periodDays, periodInstants, type DashboardFilters, type ExportTable } from './query.js';
import { activeOrganizationIds, latestSignedResults, openProgress, statusCounts, versionsInUse, type SignedRow } from './repo.js';
import { exportTables, toXlsx, type SheetTable } from './export.js';

const STATUSES: readonly AssessmentStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'finalized'];

/** A province not given (organizations registered before the profile had one). */
export const UNKNOWN_PROVINCE = 'unknown';

const GROUPING_OF: Record<GroupingId, Grouping> = {
  industry: { id: 'industry', keys: INDUSTRIES, of: (r) => r.industry },
  province: { id: 'province', keys: [...PROVINCES, UNKNOWN_PROVINCE], of: (r) => r.province },
  size: { id: 'size', keys: SIZE_BANDS, of: (r) => r.sizeBand },
};

function requireOperator(user: User): void {
  if (user.is_platform_admin !== 1) throw new Forbidden();
}

/** The questionnaire version asked for, or the newest version in use (enterprise questionnaires first). */
async function chooseVersion(ctx: AppContext, wanted: string | undefined): Promise<{ questionnaire: Questionnaire; options: { value: string; questionnaire: Questionnaire; inUse: boolean }[] }> {
  const inUse = new Set((await versionsInUse(ctx.db)).map((v) => `${v.questionnaireId}@${v.version}`));
  const options = ctx.catalog.latest().flatMap((q) => ctx.catalog.versions(q.id).map((v) => ({ value: `${v.id}@${v.version}`, questionnaire: v, inUse: inUse.has(`${v.id}@${v.version}`) })));
  const chosen = options.find((o) => o.value === wanted) ?? options.find((o) => o.inUse) ?? options[0];
  return { questionnaire: chosen.questionnaire, options };
}

function toSignedResult(row: SignedRow): SignedResult {
  return {
    orgId: row.orgId,
    industry: row.industry,
    province: row.province ?? UNKNOWN_PROVINCE,
    sizeBand: row.sizeBand,
    level: row.level ?? 0,
    dimensions: row.dimensions,
  };
}

/** Everything the page and the downloads show, for the filters. */
async function dashboardModel(ctx: AppContext, filters: DashboardFilters) {
  const { questionnaire, options } = await chooseVersion(ctx, filters.questionnaire);
  const version = { questionnaireId: questionnaire.id, version: questionnaire.version };
  const [rows, counts, active, progress] = await Promise.all([
    latestSignedResults(ctx.db, version, periodInstants(filters, ctx.config.timeZone), questionnaire.dimensions.map((d) => d.id)),
    statusCounts(ctx.db, version),
    activeOrganizationIds(ctx.db),
    openProgress(ctx.db, version),
  ]);
  const dimensions = questionnaire.dimensions.map((d) => ({ id: d.id, title: d.title }));
  const stats = programmeStats(rows.map(toSignedResult), GROUPINGS.map((g) => GROUPING_OF[g]), dimensions.map((d) => d.id));
  // Completion: of the active organizations, those whose latest signed assessment falls in the period.
  const signedActive = rows.filter((r) => active.has(r.orgId)).length;
  return {
    filters: { ...filters, questionnaire: `${questionnaire.id}@${questionnaire.version}` },
    questionnaire,
    options,
    period: periodDays(filters),
    dimensions,
    statuses: STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 })),
    completion: {
      signedOrganizations: signedActive,
      activeOrganizations: active.size,
      share: active.size ? signedActive / active.size : null,
      openAssessments: progress.open,
      meanAnsweredShare: progress.meanAnsweredShare,
    },
    stats,
  };
}

export type DashboardModel = Awaited<ReturnType<typeof dashboardModel>>;

/** A distribution chart's rows: the shown groups' level counts, their suppressed counts as one segment. */
function distributionChart(rows: { label: string; f: Pick<GroupFigures, 'organizations' | 'levels' | 'levelsSuppressed'> }[], labelWidth: number) {
  const shown = rows.filter((r) => r.f.organizations !== null);
  return stackedBarGeometry(
    shown.map((r) => ({
      label: r.label,
      segments: [...LEVELS.map((k) => ({ key: `L${k}`, value: r.f.levels[k] ?? 0 })), { key: 'suppressed', value: r.f.levelsSuppressed }],
    })),
    { width: 760, labelWidth },
  );
}

export async function dashboardPage(ctx: AppContext, user: User, filters: DashboardFilters) {
  requireOperator(user);
  const model = await dashboardModel(ctx, filters);
  const table = model.stats.groupings.find((g) => g.id === filters.by)!;
  const f = model.filters;
  return {
    ...model,
    minOrganizations: MIN_ORGANIZATIONS,
    levels: LEVELS,
    table,
    groupChart: distributionChart([{ label: 'all', f: table.total }, ...table.rows.map((r) => ({ label: r.key, f: r }))], 220),
    dimensionChart: distributionChart(model.stats.dimensions.map((d) => ({ label: d.id, f: d })), 270),
    colours: { levels: LEVEL_COLOURS, inks: LEVEL_INKS },
    byHref: (by: string) => dashboardHref(f, { by }),
    exportHref: (table: ExportTable) => dashboardHref(f, { table }, '/admin/dashboard/export.csv'),
    xlsxHref: dashboardHref(f, { by: undefined }, '/admin/dashboard/export.xlsx'),
    resetHref: '/admin/dashboard',
  };
}

function fileName(model: DashboardModel, suffix: string): string {
  const { first, last } = model.period;
  const period = first || last ? `_${first ?? ''}_${last ?? ''}` : '';
  return `zhiping-dashboard_${model.questionnaire.id}-${model.questionnaire.version}${period}${suffix}`;
}

/** One table of the page as CSV rows (the grouping tables for the filters' grouping). */
export async function dashboardCsv(ctx: AppContext, user: User, filters: DashboardFilters, table: ExportTable, locale: Locale): Promise<{ fileName: string; sheet: SheetTable }> {
  requireOperator(user);
  const model = await dashboardModel(ctx, filters);
  const sheet = exportTables(model, locale).find((s) => s.id === (table === 'levels' || table === 'dimensions' ? `${table}-${filters.by}` : table))!;
  return { fileName: fileName(model, `_${sheet.id}.csv`), sheet };
}

/** Every table of the dashboard, every grouping, as one workbook with a sheet per table. */
export async function dashboardXlsx(ctx: AppContext, user: User, filters: DashboardFilters, locale: Locale): Promise<{ fileName: string; bytes: Buffer }> {
  requireOperator(user);
  const model = await dashboardModel(ctx, filters);
  return { fileName: fileName(model, '.xlsx'), bytes: await toXlsx(exportTables(model, locale)) };
}
