// Every query the list pages run is backed by an index: the SELECTs the pages send are captured (a Kysely
// plugin compiles each one as it runs) and explained on this backend (SQLite: EXPLAIN QUERY PLAN; PostgreSQL:
// EXPLAIN with sequential scans discouraged, so a Seq Scan means there is no usable index). A full scan of
// assessments, answers, organizations or audit_log fails the test.
import { CompiledQuery, sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, nowIso } from '../../server/db/ids.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { insertOrganization } from '../../server/orgs/repo.js';
import { agent, createTestApp, nextCreditCode, type Agent, type TestApp } from '../helpers/app.js';
import { submittedForReview, type ReviewSetup } from '../helpers/review.js';
import { userIdOf } from '../helpers/team.js';

const GROWING = ['assessments', 'answers', 'organizations', 'audit_log'];

/**
 * Searching for text anywhere in a name (LIKE '%…%') cannot use a B-tree index on either database; these
 * queries run only when someone types a search, over one table, and are named here so that nothing else
 * may scan. (A trigram or full-text index would serve them.)
 */
const CONTAINS_SEARCH = /like \$?\d*\?? ?escape|like \$\d+ escape/i;

let t: TestApp;
let s: ReviewSetup;
const captured = new Map<string, readonly unknown[]>();
const capture: KyselyPlugin = {
  transformQuery(args) {
    if (args.node.kind === 'SelectQueryNode') {
      const compiled = t.ctx.db.getExecutor().compileQuery(args.node, args.queryId);
      if (!captured.has(compiled.sql)) captured.set(compiled.sql, compiled.parameters);
    }
    return args.node;
  },
  transformResult: async (args) => args.result,
};

beforeAll(async () => {
  t = await createTestApp();
  s = await submittedForReview(t, '计划测试有限公司');
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
  // No ANALYZE: statistics from a few rows would make a scan look cheapest; without them SQLite plans as for
  // large tables, and PostgreSQL is told below to avoid sequential scans wherever an index can serve.
  t.ctx.db = t.ctx.db.withPlugin(capture);
});
afterAll(() => t.close());

async function plan(query: string, parameters: readonly unknown[]): Promise<string[]> {
  if (t.ctx.backend === 'sqlite') {
    const rows = await t.ctx.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query}`, [...parameters]));
    return rows.rows.map((r) => r.detail);
  }
  return t.ctx.db.connection().execute(async (conn) => {
    await sql`set enable_seqscan = off`.execute(conn);
    const rows = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${query}`, [...parameters]));
    await sql`reset enable_seqscan`.execute(conn);
    return rows.rows.map((r) => r['QUERY PLAN']);
  });
}

/** The aliases the queries give the growing tables. */
const ALIASES: Record<string, string> = { a: 'assessments', o: 'organizations' };

function fullScans(lines: string[]): string[] {
  return lines.filter((line) => {
    if (t.ctx.backend === 'sqlite') {
      const name = /^SCAN (\w+)/.exec(line)?.[1];
      return name !== undefined && GROWING.includes(ALIASES[name] ?? name) && !/USING (COVERING )?INDEX/.test(line);
    }
    return GROWING.some((table) => new RegExp(`Seq Scan on ${table}\\b`).test(line));
  });
}

async function visit(a: Agent, paths: string[]) {
  for (const path of paths) expect((await a.get(path)).status, path).toBe(200);
}

describe('the list pages’ queries', () => {
  it('never scan a whole growing table', async () => {
    await visit(s.admin, ['/assessments', '/review', '/review?group=signed&sort=org', '/admin', '/admin/organizations', '/admin/organizations?page=2', '/admin/users', '/admin/dashboard', '/notifications', `/assessments/${s.id}`]);
    await visit(s.consultant, ['/assessments', '/review', '/review?group=in_review', '/notifications', `/assessments/${s.id}`]);
    await visit(s.org, ['/assessments', '/notifications', `/assessments/${s.id}`]);
    expect(captured.size).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [query, parameters] of captured) {
      if (CONTAINS_SEARCH.test(query)) continue;
      const scans = fullScans(await plan(query, parameters));
      if (scans.length) problems.push(`${scans.join(' | ')}\n    ${query.slice(0, 300)}`);
    }
    expect(problems).toEqual([]);
  });
});
