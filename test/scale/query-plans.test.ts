// Every query the list pages run is backed by an index: the SELECTs the pages send are captured (a Kysely
// plugin compiles each one as it runs) and explained on this backend (SQLite: EXPLAIN QUERY PLAN; PostgreSQL:
// EXPLAIN with sequential scans discouraged, so a Seq Scan means there is no usable index). Reading all of
// assessments, answers, answer_revisions, organizations or audit_log fails the test: their rows, or a whole index with the rows
// it points to, except for a page read in the index's order, or a count read from an index that covers it.
import { CompiledQuery, sql, type KyselyPlugin, type QueryId } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../server/db/ids.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { insertOrganization } from '../../server/orgs/repo.js';
import { createTestApp, nextCreditCode, type Agent, type TestApp } from '../helpers/app.js';
import { review, submittedForReview, type ReviewSetup } from '../helpers/review.js';
import { addMember, adminOrgId, userIdOf } from '../helpers/team.js';
import { apiClient, createToken } from '../api/helpers.js';

const GROWING = ['assessments', 'answers', 'answer_revisions', 'organizations', 'audit_log'];

/**
 * Searching for text anywhere in an organization's name or credit code (LIKE '%…%', server/orgs/search.ts)
 * cannot use a B-tree index. On SQLite such a query may read every organization (and nothing else in full); it
 * runs only when someone types a search. On PostgreSQL trigram indexes serve it (migration 020), but a trigram
 * needs three characters: a shorter search (two Chinese characters are a common one) may read every
 * organization there too. Nothing else is exempt.
 */
const CONTAINS_SEARCH = /like \$?\d*\?? ?escape/i;
const SHORT_SEARCH = '规模';
const SEARCH = '计划测试';

/** Whether the query searches organizations for text that no index can find. */
function searchesWithoutIndex(query: string, parameters: readonly unknown[]): boolean {
  if (!CONTAINS_SEARCH.test(query)) return false;
  if (t.ctx.backend === 'sqlite') return true;
  const patterns = parameters.filter((p): p is string => typeof p === 'string' && /^%.*%$/s.test(p));
  return patterns.some((p) => p.slice(1, -1).replace(/\\(.)/g, '$1').length < 3);
}

let t: TestApp;
let s: ReviewSetup;
let respondent: Agent;
let consultantId: string;
const captured = new Map<string, readonly unknown[]>();
/** Compiled as built; kept once run (a subquery is built too, but only the query around it runs). */
const built = new WeakMap<QueryId, CompiledQuery>();
const capture: KyselyPlugin = {
  transformQuery(args) {
    if (args.node.kind === 'SelectQueryNode') built.set(args.queryId, t.ctx.db.getExecutor().compileQuery(args.node, args.queryId));
    return args.node;
  },
  transformResult: async (args) => {
    const compiled = built.get(args.queryId);
    built.delete(args.queryId);
    if (compiled && !captured.has(compiled.sql)) captured.set(compiled.sql, compiled.parameters);
    return args.result;
  },
};

beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t, '计划测试有限公司');
  // Signed, so its page shows the peer benchmark and the organization's history has a row; a respondent to see the list as one.
  expect((await review(s.consultant, s.id, 'finalize')).status).toBe(303);
  respondent = await addMember(t, s.org, 'respondent@example.com', 'respondent');
  consultantId = await userIdOf(t, 'wang@consult.example');
  const userId = await userIdOf(t, 'client@example.com');
  // Enough rows of every kind that a plan has a choice to make.
  for (let i = 0; i < 40; i++) {
    const org = await insertOrganization(t.ctx.db, { name: `规模组织 ${i}`, creditCode: nextCreditCode(), province: '110000', industry: 'energy', sizeBand: 'small' });
    const at = nowIso();
    await insertAssessment(t.ctx.db, {
      id: newId(), org_id: org.id, questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null, title: `评估 ${i}`,
      status: i % 2 ? 'finalized' : 'draft', created_by: userId, created_at: at, updated_at: at, submitted_at: null, finalized_at: null, finalized_by: null,
    });
  }
  // A programme's worth of organizations, so that reading the table is not the cheapest plan for its size alone.
  const registered = nowIso();
  const many = Array.from({ length: 2000 }, (_, i) => ({
    id: newId(), name: `批量企业 ${i}`, name_en: `Batch enterprise ${i}`, credit_code: nextCreditCode(), province: '110000', industry: 'energy', size_band: 'small',
    created_at: registered, deactivated_at: null, deactivated_by: null, deactivation_reason: null,
  }));
  for (let i = 0; i < many.length; i += 250) await t.ctx.db.insertInto('organizations').values(many.slice(i, i + 250)).execute();
  // No ANALYZE: statistics from a few rows would make a scan look cheapest; without them SQLite plans as for
  // large tables, and PostgreSQL is told below to avoid sequential scans wherever an index can serve.
  t.ctx.db = t.ctx.db.withPlugin(capture);
});
afterAll(() => t.close());

/** How a plan reads a table: every row (`table`), every entry of an index in its order (`index`), or every entry of an index that holds all the columns needed (`covering`). Reads that look up a key or a range are not listed. */
interface Scan {
  name: string;
  how: 'table' | 'index' | 'covering';
  line: string;
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PgPlanNode[];
}

function pgScans(node: PgPlanNode): Scan[] {
  const here: Scan[] = [];
  const name = node['Relation Name'];
  const line = `${node['Node Type']} on ${name}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
  if (name && /Seq Scan$/.test(node['Node Type'])) here.push({ name, how: 'table', line });
  if (name && node['Node Type'] === 'Index Scan' && !node['Index Cond']) here.push({ name, how: 'index', line });
  if (name && node['Node Type'] === 'Index Only Scan' && !node['Index Cond']) here.push({ name, how: 'covering', line });
  return [...here, ...(node.Plans ?? []).flatMap(pgScans)];
}

async function plan(query: string, parameters: readonly unknown[]): Promise<Scan[]> {
  if (t.ctx.backend === 'sqlite') {
    const rows = await t.ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query}`, [...parameters]));
    return rows.rows.flatMap(({ detail: line }): Scan[] => {
      const m = /^SCAN (\w+)(?: USING (COVERING )?INDEX)?(?!\w)/.exec(line);
      if (!m) return [];
      return [{ name: m[1], how: m[2] ? 'covering' : line.includes(' USING INDEX') ? 'index' : 'table', line }];
    });
  }
  return t.ctx.db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    // A search's plan is judged with plain index walks off too: on a test-sized table, walking the primary key and
    // filtering every row costs less than a trigram index, which the planner takes at a programme's size; with
    // them off, the plan shows whether a trigram index can serve the search (a Bitmap Index Scan) or not.
    if (CONTAINS_SEARCH.test(query)) await sql`set enable_indexscan = off`.execute(conn);
    const rows = await conn.executeQuery<{ 'QUERY PLAN': [{ Plan: PgPlanNode }] }>(CompiledQuery.raw(`explain (format json) ${query}`, [...parameters]));
    await sql`reset enable_seqscan`.execute(conn);
    await sql`reset enable_indexscan`.execute(conn);
    return pgScans(rows.rows[0]['QUERY PLAN'][0].Plan);
  });
}

/** The table each name in a plan stands for: the query's aliases (`"assessments" as "a"`) and the tables' own names. */
function tablesOf(query: string): Map<string, string> {
  const names = new Map(GROWING.map((table) => [table, table]));
  for (const [, table, alias] of query.matchAll(/"(\w+)" as "(\w+)"/g)) names.set(alias, table);
  return names;
}

/**
 * The reads of a growing table that grow with it: reading its rows without an index, always; walking a whole
 * index and the rows it points to, unless the query stops after a page (a LIMIT: the walk is the page's order);
 * walking a whole index that covers the query, unless the query only counts or groups (a tab's count, a total)
 * or stops after a page.
 */
function fullScans(query: string, parameters: readonly unknown[], scans: Scan[]): string[] {
  const tables = tablesOf(query);
  const searchesNames = searchesWithoutIndex(query, parameters);
  const paged = /\blimit\b/i.test(query);
  const aggregates = /\bcount\(|\bgroup by\b/i.test(query);
  return scans
    .filter((scan) => GROWING.includes(tables.get(scan.name) ?? ''))
    .filter((scan) => !(searchesNames && tables.get(scan.name) === 'organizations'))
    .filter((scan) => scan.how === 'table' || (scan.how === 'index' && !paged) || (scan.how === 'covering' && !paged && !aggregates))
    .map((scan) => scan.line);
}

async function visit(a: Agent, paths: string[]) {
  for (const path of paths) expect((await a.get(path)).status, path).toBe(200);
}

/** Every page whose rows grow with the programme, as each kind of user reaches it, with its filters, sorts and later pages. */
async function visitEveryList() {
  const orgId = await adminOrgId(s.org);
  const cursor = encodeURIComponent(`${nowIso()}~${s.id}`);
  const searches = [SEARCH, SHORT_SEARCH].map((text) => `search=${encodeURIComponent(text)}`);
  const lists = (path: string) => [path, `${path}?page=2`, ...searches.map((search) => `${path}?${search}`)];
  const queue = [
    ...['waiting', 'in-review', 'changes', 'signed', 'drafts'].map((group) => `/review?group=${group}`),
    ...['updated-asc', 'org', 'level-desc', 'level-asc'].map((sort) => `/review?group=drafts&sort=${sort}`),
    `/review?orgId=${orgId}&group=signed`,
    `/review?questionnaireId=mini&from=2020-01-01&to=2099-12-31&page=2`,
    ...searches.map((search) => `/review?${search}&group=drafts`),
  ];
  const assessment = [
    `/assessments/${s.id}`, `/assessments/${s.id}/plan`, `/assessments/${s.id}/export.json`, `/assessments/${s.id}/export.csv`,
    `/assessments/${s.id}/sections/gov`, `/assessments/${s.id}/questions/g-4/history`, `/assessments/${s.id}/questions/g-4/history?page=2`,
    `/assessments/${s.id}/history`, `/assessments/${s.id}/history?page=2`,
  ];
  const programme = ['/exports/assessments.csv', `/exports/assessments.csv?group=signed&questionnaireId=mini&orgId=${orgId}&from=2020-01-01&to=2099-12-31`, `/exports/assessments.csv?${searches[0]}`];
  await visit(s.admin, [
    '/assessments', `/assessments?after=${cursor}`, `/assessments?before=${cursor}`,
    ...queue,
    '/admin', ...lists('/admin/organizations'), ...lists('/admin/users'), `/admin/organizations/${orgId}`, `/admin/users/${consultantId}`,
    '/admin/dashboard', '/admin/dashboard?by=province&year=2026&quarter=4', '/admin/questionnaires',
    '/notifications', '/notifications?page=1',
    ...assessment, `/orgs/${orgId}/history`, ...programme,
  ]);
  await visit(s.consultant, ['/assessments', `/assessments?after=${cursor}`, ...queue, '/notifications', ...assessment, `/orgs/${orgId}/history`, ...programme]);
  await visit(s.org, ['/assessments', `/assessments?before=${cursor}`, '/notifications', ...assessment, `/orgs/${orgId}/history`, `/orgs/${orgId}/members`, `/orgs/${orgId}/profile`]);
  await visit(respondent, ['/assessments', '/notifications', `/assessments/${s.id}`]);
  for (const a of [s.admin, s.consultant, s.org]) await visitApi(a, orgId);
}

/** The JSON API's lists (each page and the next, by its cursor, with every filter) and one assessment's records, with a read token of this user. */
async function visitApi(a: Agent, orgId: string) {
  const api = apiClient(t.app, await createToken(a, '计划测试', 'read'));
  const get = async (path: string) => {
    const res = await api.get(path);
    expect(res.status, path).toBe(200);
    return res.body as { next_cursor?: string | null };
  };
  for (const list of ['/organizations?limit=2', '/assessments?limit=2', '/assessments?limit=2&status=finalized', `/assessments?limit=2&org=${orgId}`, '/assessments?limit=2&questionnaire=mini']) {
    const { next_cursor } = await get(list);
    if (next_cursor) await get(`${list}&cursor=${encodeURIComponent(next_cursor)}`);
  }
  for (const path of ['', '/snapshot', '/signed']) await get(`/assessments/${s.id}${path}`);
}

describe('the list pages’ queries', () => {
  it('are judged strictly: reading every assessment, or every entry of an index with its rows, is flagged', async () => {
    const judged = async (query: string, parameters: unknown[] = []) => fullScans(query, parameters, await plan(query, parameters));
    expect(await judged('select "id" from "assessments" where "title" = ?'.replaceAll('?', t.ctx.backend === 'sqlite' ? '?' : '$1'), ['x'])).toHaveLength(1);
    expect(await judged('select "a"."id" from "assessments" as "a" order by "a"."title"')).toHaveLength(1);
    expect(await judged('select "a"."title" from "assessments" as "a" order by "a"."org_id", "a"."updated_at"')).toHaveLength(1);
    expect(await judged('select "a"."title" from "assessments" as "a" order by "a"."org_id", "a"."updated_at" limit 50')).toEqual([]);
    expect(await judged('select count(*) from "assessments" as "a" where "a"."status" = \'draft\'')).toEqual([]);
  });

  it('never scan a whole growing table', async () => {
    await visitEveryList();
    expect(captured.size).toBeGreaterThan(60);
    const problems: string[] = [];
    for (const [query, parameters] of captured) {
      const scans = fullScans(query, parameters, await plan(query, parameters));
      if (scans.length) problems.push(`${scans.join(' | ')}\n    ${query.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
  });
});
