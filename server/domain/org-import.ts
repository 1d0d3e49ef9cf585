// Importing organizations from a spreadsheet: the rows of the file (header first, every cell as text)
// in, each row's problems out, or the organizations to create when there are none. Pure: reading the
// file and asking the database which codes are taken happen elsewhere, and the names a value may be
// written as (省份 "广东省", "Guangdong" or "440000") come in as lookups.
import { checkCreditCode, normalizeCreditCode } from './credit-code.js';

/** The columns of an import file, in the template's order. */
export const IMPORT_COLUMNS = ['name', 'nameEn', 'creditCode', 'province', 'industry', 'sizeBand'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The header names each column is recognised by (compared trimmed and case-insensitively), Chinese first: the template's. */
export const HEADER_NAMES: Record<ImportColumn, readonly string[]> = {
  name: ['组织名称', '名称', '企业名称', 'name', 'organization', 'organization name'],
  nameEn: ['英文名称', 'english name', 'name (english)', 'name_en', 'name en'],
  creditCode: ['统一社会信用代码', '信用代码', 'credit code', 'unified social credit code', 'credit_code'],
  province: ['省份', '省', '所在省份', 'province'],
  industry: ['行业', '所属行业', 'industry'],
  sizeBand: ['规模', '企业规模', 'size', 'size band', 'size_band'],
};

const REQUIRED: readonly ImportColumn[] = ['name', 'creditCode', 'province', 'industry', 'sizeBand'];

/** The most rows one file may hold (the dry run's page and the import's form carry them all). */
export const MAX_IMPORT_ROWS = 1000;

export interface ImportProblem {
  /** The row in the file, counting the header as row 1; 0 for a problem of the file as a whole. */
  row: number;
  column: ImportColumn | null;
  /** An i18n key under orgImport.problems. */
  problem: string;
  /** What the cell held, or what the problem refers to (the other row, the registered organization). */
  value?: string;
  otherRow?: number;
  holder?: string;
}

export interface ImportedOrganization {
  row: number;
  name: string;
  nameEn: string | null;
  creditCode: string;
  province: string;
  industry: string;
  sizeBand: string;
}

/** Accepted spellings of a catalog value (any case), each to its code. */
export type ValueLookup = ReadonlyMap<string, string>;

export interface ImportLookups {
  province: ValueLookup;
  industry: ValueLookup;
  sizeBand: ValueLookup;
  /** Organizations already registered, by credit code: the name of each (deactivated ones too). */
  registered: ReadonlyMap<string, string>;
}

export interface ImportCheck {
  problems: ImportProblem[];
  organizations: ImportedOrganization[];
  /** Data rows seen (blank rows left out). */
  rowCount: number;
}

const key = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/** Builds a lookup from the codes and every name they go by. */
export function valueLookup(entries: Iterable<[code: string, names: readonly string[]]>): ValueLookup {
  const map = new Map<string, string>();
  for (const [code, names] of entries) for (const n of [code, ...names]) if (n.trim()) map.set(key(n), code);
  return map;
}

/** Which column of the file each field is in; problems for a missing required column or one named twice. */
export function mapHeader(header: readonly string[]): { columns: Partial<Record<ImportColumn, number>>; problems: ImportProblem[] } {
  const columns: Partial<Record<ImportColumn, number>> = {};
  const problems: ImportProblem[] = [];
  header.forEach((cell, index) => {
    const column = IMPORT_COLUMNS.find((c) => HEADER_NAMES[c].some((n) => key(n) === key(cell)));
    if (!column) return;
    if (columns[column] !== undefined) problems.push({ row: 1, column, problem: 'duplicateColumn', value: cell });
    else columns[column] = index;
  });
  for (const c of REQUIRED) if (columns[c] === undefined) problems.push({ row: 1, column: c, problem: 'missingColumn' });
  return { columns, problems };
}

/** The data rows' credit codes, normalised and each once: what to ask the database about. */
export function creditCodesIn(rows: readonly (readonly string[])[]): string[] {
  const { columns } = mapHeader(rows[0] ?? []);
  const at = columns.creditCode;
  if (at === undefined) return [];
  return [...new Set(rows.slice(1).map((r) => normalizeCreditCode(r[at] ?? '')).filter(Boolean))];
}

const CODE_PROBLEMS = { length: 'creditCodeLength', character: 'creditCodeCharacter', checkDigit: 'creditCodeCheckDigit' } as const;

/** Every problem of every row, in file order; the organizations only when there is none. */
export function checkImport(rows: readonly (readonly string[])[], lookups: ImportLookups): ImportCheck {
  if (!rows.length) return { problems: [{ row: 0, column: null, problem: 'empty' }], organizations: [], rowCount: 0 };
  const { columns, problems } = mapHeader(rows[0]);
  if (problems.length) return { problems, organizations: [], rowCount: 0 };
  const organizations: ImportedOrganization[] = [];
  const seenCodes = new Map<string, number>();
  let rowCount = 0;
  rows.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const cell = (c: ImportColumn) => (columns[c] === undefined ? '' : (cells[columns[c]!] ?? '').trim());
    if (IMPORT_COLUMNS.every((c) => !cell(c))) return;
    rowCount++;
    const before = problems.length;
    const say = (column: ImportColumn, problem: string, extra: Partial<ImportProblem> = {}) => problems.push({ row, column, problem, value: cell(column), ...extra });

    const name = cell('name');
    if (!name) say('name', 'required');
    else if (name.length > 200) say('name', 'tooLong');
    const nameEn = cell('nameEn');
    if (nameEn.length > 200) say('nameEn', 'tooLong');

    let creditCode = '';
    if (!cell('creditCode')) say('creditCode', 'required');
    else {
      const checked = checkCreditCode(cell('creditCode'));
      if (!checked.valid) say('creditCode', CODE_PROBLEMS[checked.problem]);
      else {
        creditCode = checked.code;
        const earlier = seenCodes.get(creditCode);
        const holder = lookups.registered.get(creditCode);
        if (earlier !== undefined) say('creditCode', 'duplicateInFile', { otherRow: earlier });
        else seenCodes.set(creditCode, row);
        if (holder !== undefined) say('creditCode', 'alreadyRegistered', { holder });
      }
    }

    const coded = (column: 'province' | 'industry' | 'sizeBand') => {
      const typed = cell(column);
      if (!typed) return void say(column, 'required');
      const code = lookups[column].get(key(typed));
      if (!code) return void say(column, column === 'province' ? 'unknownProvince' : column === 'industry' ? 'unknownIndustry' : 'unknownSizeBand');
      return code;
    };
    const province = coded('province');
    const industry = coded('industry');
    const sizeBand = coded('sizeBand');

    if (problems.length === before) organizations.push({ row, name, nameEn: nameEn || null, creditCode, province: province!, industry: industry!, sizeBand: sizeBand! });
  });
  if (rowCount === 0) problems.push({ row: 0, column: null, problem: 'noRows' });
  if (rowCount > MAX_IMPORT_ROWS) return { problems: [{ row: 0, column: null, problem: 'tooManyRows', value: String(MAX_IMPORT_ROWS) }], organizations: [], rowCount };
  return { problems, organizations: problems.length ? [] : organizations, rowCount };
}
