// Importing organizations from a CSV or XLSX file: a dry run that lists every row's problems and writes
// nothing, then the import itself, which checks the rows again against the database of that moment and
// creates them all in one transaction with one audit row, or none. The rules are the pure
// server/domain/org-import.ts; this module reads the file and supplies what the rules look up.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import type { User } from '../db/schema.js';
import { checkImport, creditCodesIn, HEADER_NAMES, IMPORT_COLUMNS, valueLookup, type ImportCheck } from '../domain/org-import.js';
import { translator } from '../i18n.js';
import { INDUSTRIES, PROVINCES, SIZE_BANDS } from '../orgs/catalogs.js';
import { insertOrganization } from '../orgs/repo.js';
import { inTransaction } from '../record/write-path.js';
import { readImportFile } from './import-file.js';
import { requirePlatformAdmin } from './orgs-service.js';
import { organizationsByCreditCode } from './orgs-repo.js';
import { UTF8_BOM } from '../exports/cells.js';

/** The template to fill in: the Chinese header names, a byte-order mark so Excel reads it as UTF-8. */
export function importTemplate(): string {
  return `${UTF8_BOM}${IMPORT_COLUMNS.map((c) => HEADER_NAMES[c][0]).join(',')}\r\n`;
}

const zh = translator('zh-CN');
const en = translator('en');

/** A catalog value's names in both languages, with the short forms people write (广东 for 广东省, 微型 for 微型（少于 20 人）). */
function namesOf(prefix: string, code: string): string[] {
  const names = [zh(`${prefix}.${code}`), en(`${prefix}.${code}`)];
  const short = names.flatMap((n) => [n.split(/[（(]/)[0].trim(), n.replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/, '')]);
  return [...new Set([...names, ...short])];
}

const catalogLookups = {
  province: valueLookup(PROVINCES.map((c) => [c, namesOf('province', c)])),
  industry: valueLookup(INDUSTRIES.map((c) => [c, namesOf('industry', c)])),
  sizeBand: valueLookup(SIZE_BANDS.map((c) => [c, namesOf('sizeBand', c)])),
};

/** The rows checked against the catalogs and the organizations registered now. */
async function check(ctx: AppContext, rows: string[][]): Promise<ImportCheck> {
  const registered = await organizationsByCreditCode(ctx.db, creditCodesIn(rows));
  return checkImport(rows, { ...catalogLookups, registered });
}

export interface DryRun extends ImportCheck {
  /** The file's rows, for the import form to carry back (checked again then). */
  rows: string[][];
  fileName: string;
}

/** Reads the file and checks every row; writes nothing. */
export async function dryRunImport(ctx: AppContext, admin: User, file: { name: string; bytes: Buffer }): Promise<DryRun> {
  requirePlatformAdmin(admin);
  const rows = await readImportFile(file.bytes);
  return { ...(await check(ctx, rows)), rows, fileName: file.name };
}

/** Checks the rows again and creates them all, or, when any row has a problem now, nothing (the problems come back). */
export async function importOrganizations(ctx: AppContext, admin: User, input: { fileName: string; rows: string[][] }): Promise<DryRun & { imported: number }> {
  requirePlatformAdmin(admin);
  const checked = await check(ctx, input.rows);
  const result = { ...checked, rows: input.rows, fileName: input.fileName, imported: 0 };
  if (checked.problems.length) return result;
  try {
    await inTransaction(ctx.db, async (trx) => {
      const ids: string[] = [];
      for (const o of checked.organizations) {
        const org = await insertOrganization(trx, { name: o.name, nameEn: o.nameEn, creditCode: o.creditCode, province: o.province, industry: o.industry, sizeBand: o.sizeBand });
        ids.push(org.id);
      }
      await recordAudit(trx, { actorId: admin.id, action: 'admin.organizations-imported', detail: { file: input.fileName, count: ids.length, organizations: ids } });
    });
  } catch (err) {
    // Someone registered one of the codes in the meantime: nothing was written; say which.
    if (isUniqueViolation(err)) return { ...(await check(ctx, input.rows)), rows: input.rows, fileName: input.fileName, imported: 0 };
    throw err;
  }
  return { ...result, imported: checked.organizations.length };
}
