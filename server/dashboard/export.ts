// The dashboard's tables as spreadsheet rows (CSV and XLSX): the same figures as the page, suppressed the
// same way ("—" where the page shows "—", with the note saying why), cells neutralised against formulas.
import ExcelJS from 'exceljs';
import { LEVELS, type Figure, type GroupFigures } from '../domain/programme-stats.js';
import { neutraliseRow, type Cell } from '../exports/cells.js';
import { pick, translator, type Locale } from '../i18n.js';
import type { DashboardModel } from './service.js';

export interface SheetTable {
  id: string;
  /** The sheet's name in a workbook (at most 31 characters). */
  title: string;
  header: string[];
  rows: Cell[][];
}

export const SUPPRESSED = '—';

/** A figure as written: truncated to `digits` decimals like the page, or the suppression mark. */
const figure = (v: Figure, digits = 0): Cell => (v === null ? SUPPRESSED : Math.trunc(v * 10 ** digits + 1e-7) / 10 ** digits);

export function exportTables(model: DashboardModel, locale: Locale): SheetTable[] {
  const t = translator(locale);
  const note = [t('dashboard.suppressedNote', { min: 5 })];
  // The questionnaire's level names ("Level 1 Planning", "一级 规划级"), and level 0 as the pages name it.
  const levelNames = LEVELS.map((k) => (k === 0 ? t('levels.none') : pick(model.questionnaire.levels[k - 1].name, locale)));
  const groupName: Record<string, (key: string) => string> = {
    industry: (k) => t(`industry.${k}`),
    province: (k) => t(k === 'unknown' ? 'dashboard.unknownProvince' : `province.${k}`),
    size: (k) => t(`sizeBand.${k}`),
  };
  const c = model.completion;
  const tables: SheetTable[] = [
    {
      id: 'status',
      title: t('dashboard.sheets.status'),
      header: [t('dashboard.measure'), t('dashboard.value')],
      rows: [
        ...model.statuses.map((s) => [t(`status.${s.status}`), s.count]),
        [t('dashboard.signedOrganizations'), c.signedOrganizations],
        [t('dashboard.activeOrganizations'), c.activeOrganizations],
        [t('dashboard.completionPercent'), c.share === null ? null : figure(c.share * 100, 1)],
        [t('dashboard.openAssessments'), c.openAssessments],
        [t('dashboard.meanAnsweredPercent'), c.meanAnsweredShare === null ? null : figure(c.meanAnsweredShare * 100, 1)],
      ],
    },
  ];
  for (const g of model.stats.groupings) {
    const name = groupName[g.id];
    const all = (r: GroupFigures) => (r.key === 'all' ? t('dashboard.allOrganizations') : name(r.key));
    const rows = [...g.rows, g.total];
    tables.push({
      id: `levels-${g.id}`,
      title: t(`dashboard.sheets.levels.${g.id}`),
      header: [t(`dashboard.by.${g.id}`), t('dashboard.organizations'), ...levelNames, t('dashboard.meanLevel')],
      rows: [...rows.map((r) => [all(r), figure(r.organizations), ...r.levels.map((l) => figure(l)), figure(r.meanLevel, 2)]), note],
    });
    tables.push({
      id: `dimensions-${g.id}`,
      title: t(`dashboard.sheets.dimensions.${g.id}`),
      header: [t(`dashboard.by.${g.id}`), t('dashboard.organizations'), ...model.dimensions.map((d) => pick(d.title, locale))],
      rows: [...rows.map((r) => [all(r), figure(r.organizations), ...r.dimensionMeans.map((m) => figure(m, 2))]), note],
    });
  }
  tables.push({
    id: 'dimension-levels',
    title: t('dashboard.sheets.dimensionLevels'),
    header: [t('dashboard.dimension'), t('dashboard.organizations'), ...levelNames, t('dashboard.meanLevel')],
    rows: [
      ...model.stats.dimensions.map((d, i) => [pick(model.dimensions[i].title, locale), figure(d.organizations), ...d.levels.map((l) => figure(l)), figure(d.meanLevel, 2)]),
      note,
    ],
  });
  return tables;
}

/** A workbook with one sheet per table, its header bold and frozen. */
export async function toXlsx(tables: SheetTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Zhiping';
  const used = new Set<string>();
  for (const table of tables) {
    // Sheet names: at most 31 characters, none of : \ / ? * [ ], unique.
    let name = table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31);
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 28)} ${i}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(neutraliseRow(table.header)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(neutraliseRow(row));
    sheet.columns.forEach((col, i) => (col.width = i === 0 ? 28 : 14));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
