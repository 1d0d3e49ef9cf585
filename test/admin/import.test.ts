// Importing organizations: the template, a dry run listing every row's problems and writing nothing,
// and CSV and XLSX files imported all at once, checked again on import.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkImport, valueLookup } from '../../server/domain/org-import.js';
import { creditCodeCheckDigit } from '../../server/domain/credit-code.js';
import { insertOrganization } from '../../server/orgs/repo.js';
import { agent, createTestApp, csrfTokenIn, PASSWORD, setupAdmin, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser } from '../helpers/pdf.js';

let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
  await insertOrganization(t.ctx.db, { name: '已注册公司', creditCode: code(1), province: '110000', industry: 'energy', sizeBand: 'small' });
});
afterAll(() => t.close());

/** A valid credit code from a number. */
function code(n: number): string {
  const body = `91310000${String(n).padStart(9, '0')}`;
  return body + creditCodeCheckDigit(body);
}
const badCheckDigit = (n: number) => code(n).slice(0, 17) + (code(n)[17] === '0' ? '1' : '0');

async function upload(a: Agent, bytes: Buffer, name: string) {
  const page = await a.get('/admin/import');
  return a.post('/admin/import').field('_csrf', csrfTokenIn(page.text)).attach('file', bytes, name);
}

const organizationCount = async () => Number((await t.ctx.db.selectFrom('organizations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const importAudits = () => t.ctx.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'admin.organizations-imported').execute();

/** The dry run's problem rows: [row, column, problem text]. */
const problemsIn = (html: string) =>
  [...html.matchAll(/<tr>\s*<td class="num">(\d+|—)<\/td>\s*<td>([^<]*)<\/td>\s*<td class="code">[^<]*<\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => [m[1], m[2], m[3]]);

const csv = (lines: string[], bom = true) => Buffer.from((bom ? '\uFEFF' : '') + lines.join('\r\n') + '\r\n', 'utf8');

describe('the template', () => {
  it('is a CSV with a BOM and the Chinese header names', async () => {
    const res = await admin.get('/admin/import/template.csv').buffer(true).parse(binaryParser);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect((res.body as Buffer).toString('utf8')).toBe('\uFEFF组织名称,英文名称,统一社会信用代码,省份,行业,规模\r\n');
  });
});

describe('the dry run', () => {
  it('lists exactly a bad check digit, a duplicate within the file and an unknown province, and writes nothing', async () => {
    const before = await organizationCount();
    const res = await upload(
      admin,
      csv([
        '组织名称,英文名称,统一社会信用代码,省份,行业,规模',
        `甲公司,Jia Ltd.,${code(10)},广东省,金融,小型`,
        `乙公司,,${badCheckDigit(11)},440000,finance,small`,
        `丙公司,,${code(10)},广东,ict,medium`,
        `丁公司,,${code(12)},火星省,energy,large`,
      ]),
      'orgs.csv',
    );
    expect(res.status).toBe(400);
    expect(problemsIn(res.text)).toEqual([
      ['3', '统一社会信用代码', '最后一位校验码与前 17 位不符。'],
      ['4', '统一社会信用代码', '与第 2 行的统一社会信用代码重复。'],
      ['5', '省份', '无法识别的省份。'],
    ]);
    expect(res.text).not.toContain('action="/admin/import/commit"');
    expect(await organizationCount()).toBe(before);
    expect(await importAudits()).toEqual([]);
  });

  it('names missing names, unknown industries and size bands, and codes already registered, by row and column (English headers)', async () => {
    const res = await upload(
      await adminInEnglish(),
      csv(['Name,Credit code,Province,Industry,Size', `,${code(20)},Guangdong,finance,small`, `Beta,${code(1)},Beijing,mining,huge`], false),
      'orgs.csv',
    );
    expect(problemsIn(res.text)).toEqual([
      ['2', 'Organization name', 'Missing: this column is required.'],
      ['3', 'Credit code', 'An organization with this credit code is already registered: 已注册公司.'],
      ['3', 'Industry', 'Unknown industry.'],
      ['3', 'Size band', 'Unknown size band.'],
    ]);
  });

  it('refuses a file that is neither CSV text nor XLSX, and a header without the required columns', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6300010000050001', 'hex');
    const refused = await upload(admin, png, 'orgs.csv');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('id="file-error">这不是 CSV 或 XLSX 文件。');
    const gbk = Buffer.from([0xd7, 0xe9, 0xd6, 0xaf, 0x2c, 0x0d, 0x0a]);
    expect((await upload(admin, gbk, 'orgs.csv')).text).toContain('id="file-error">CSV 文件不是 UTF-8 编码');
    expect(problemsIn((await upload(admin, csv(['组织名称,省份', '甲,北京']), 'x.csv')).text)).toEqual([
      ['1', '统一社会信用代码', '表头中缺少“统一社会信用代码”列。'],
      ['1', '行业', '表头中缺少“行业”列。'],
      ['1', '规模', '表头中缺少“规模”列。'],
    ]);
  });

  it('refuses an upload without the CSRF token', async () => {
    const res = await admin.post('/admin/import').attach('file', csv(['组织名称']), 'x.csv');
    expect(res.status).toBe(303);
    expect(res.text).not.toContain('dry-run-title');
  });

  it('is for the platform admin only, before the file is read', async () => {
    const other = agent(t.app);
    const res = await other.post('/admin/import').attach('file', csv(['a']), 'x.csv');
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
  });
});

/** The platform admin, reading pages in English. */
async function adminInEnglish(): Promise<Agent> {
  const a = agent(t.app, 'en');
  await submitForm(a, '/login', { email: 'admin@example.com', password: PASSWORD });
  return a;
}

/** Imports the dry run's rows with the form it shows. */
async function commit(a: Agent, dryRunHtml: string) {
  const rows = /name="rows" value="([^"]*)"/.exec(dryRunHtml)![1].replace(/&#34;/g, '"').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
  const fileName = /name="fileName" value="([^"]*)"/.exec(dryRunHtml)![1];
  return a.post('/admin/import/commit').type('form').send({ _csrf: csrfTokenIn(dryRunHtml), fileName, rows });
}

describe('importing', () => {
  it('imports a valid CSV (UTF-8 with BOM, Chinese names) in one go, with one audit row', async () => {
    const dry = await upload(
      admin,
      csv(['统一社会信用代码,组织名称,英文名称,省份,行业,规模', `${code(30)},"星河科技, 有限公司",Galaxy Tech,广东省,信息通信与软件,中型`, '', `${code(31).toLowerCase()},晨光制造,,320000,manufacturing-discrete,大型`]),
      '组织.csv',
    );
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('全部 2 行均有效');
    expect(await organizationCount()).toBe(1);
    const res = await commit(admin, dry.text);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/organizations');
    const rows = await t.ctx.db.selectFrom('organizations').select(['name', 'name_en', 'credit_code', 'province', 'industry', 'size_band']).where('credit_code', 'in', [code(30), code(31)]).orderBy('credit_code').execute();
    expect(rows).toEqual([
      { name: '星河科技, 有限公司', name_en: 'Galaxy Tech', credit_code: code(30), province: '440000', industry: 'ict', size_band: 'medium' },
      { name: '晨光制造', name_en: null, credit_code: code(31), province: '320000', industry: 'manufacturing-discrete', size_band: 'large' },
    ]);
    const audits = await importAudits();
    expect(audits).toHaveLength(1);
    expect(JSON.parse(audits[0].detail_json)).toMatchObject({ file: '组织.csv', count: 2 });
  });

  it('checks again on import: a code registered since the dry run refuses the whole file, nothing written', async () => {
    const dry = await upload(admin, csv(['组织名称,统一社会信用代码,省份,行业,规模', `新公司,${code(40)},北京市,能源,微型`, `旧公司,${code(41)},北京市,能源,微型`]), 'again.csv');
    expect(dry.status).toBe(200);
    // Between the dry run and the import, someone registers one of the codes.
    await insertOrganization(t.ctx.db, { name: '抢先公司', creditCode: code(41), province: '110000', industry: 'energy', sizeBand: 'micro' });
    const before = await organizationCount();
    const res = await commit(admin, dry.text);
    expect(res.status).toBe(400);
    expect(problemsIn(res.text)).toEqual([['3', '统一社会信用代码', '该统一社会信用代码的组织已经注册：抢先公司。']]);
    expect(await organizationCount()).toBe(before);
    expect(await t.ctx.db.selectFrom('organizations').select('id').where('credit_code', '=', code(40)).execute()).toEqual([]);
  });

  it('imports a valid XLSX (its first sheet), recognised by its content', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('组织');
    sheet.addRow(['Name', 'English name', 'Credit code', 'Province', 'Industry', 'Size band']);
    sheet.addRow(['表格公司甲', 'Sheet A', code(50), 'Zhejiang', 'Finance', 'Small']);
    sheet.addRow(['表格公司乙', null, code(51), 330000, '医疗健康', '小型']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const dry = await upload(admin, bytes, 'organizations.bin');
    expect(dry.status, dry.text.slice(0, 2000)).toBe(200);
    expect((await commit(admin, dry.text)).status).toBe(303);
    const rows = await t.ctx.db.selectFrom('organizations').select(['name', 'name_en', 'province', 'industry', 'size_band']).where('credit_code', 'in', [code(50), code(51)]).orderBy('credit_code').execute();
    expect(rows).toEqual([
      { name: '表格公司甲', name_en: 'Sheet A', province: '330000', industry: 'finance', size_band: 'small' },
      { name: '表格公司乙', name_en: null, province: '330000', industry: 'healthcare', size_band: 'small' },
    ]);
  });
});

describe('a file of the largest size', () => {
  it('imports 1,000 rows with long Chinese and English names through the dry run\'s form', async () => {
    const lines = ['组织名称,英文名称,统一社会信用代码,省份,行业,规模'];
    for (let i = 0; i < 1000; i++) lines.push(`浙江省杭州市余杭区示范智能制造有限公司第${i}号,Zhejiang Hangzhou Demonstration Intelligent Manufacturing Co. No. ${i},${code(10000 + i)},浙江省,离散制造,中型（100–999 人）`);
    const dry = await upload(admin, csv(lines), 'large.csv');
    expect(dry.status).toBe(200);
    expect(dry.text).toContain('全部 1000 行均有效');
    const before = await organizationCount();
    expect((await commit(admin, dry.text)).status).toBe(303);
    expect(await organizationCount()).toBe(before + 1000);
  }, 120_000);

  it('refuses a file of more rows, saying the limit', async () => {
    const lines = ['组织名称,统一社会信用代码,省份,行业,规模'];
    for (let i = 0; i < 1001; i++) lines.push(`公司${i},${code(20000 + i)},浙江,能源,小型`);
    const res = await upload(admin, csv(lines), 'too-many.csv');
    expect(problemsIn(res.text)).toEqual([['—', '—', '文件超过 1000 行，请拆分为多个文件。']]);
  });
});

describe('the rules (pure)', () => {
  const lookups = {
    province: valueLookup([['440000', ['广东省', 'Guangdong']]]),
    industry: valueLookup([['ict', ['信息通信与软件']]]),
    sizeBand: valueLookup([['small', ['小型']]]),
    registered: new Map<string, string>(),
  };
  it('skips blank rows, keeps file row numbers and reports every problem of a row', () => {
    const result = checkImport(
      [['名称', '统一社会信用代码', '省份', '行业', '规模'], ['', '', '', '', ''], ['甲', '123', '广东', 'x', '']],
      lookups,
    );
    expect(result.rowCount).toBe(1);
    expect(result.problems.map((p) => [p.row, p.column, p.problem])).toEqual([
      [3, 'creditCode', 'creditCodeLength'],
      [3, 'province', 'unknownProvince'],
      [3, 'industry', 'unknownIndustry'],
      [3, 'sizeBand', 'required'],
    ]);
    expect(result.organizations).toEqual([]);
  });
});
