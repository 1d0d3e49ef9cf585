// The assessments list comes a page of 50 at a time from the server, newest change first, with links to the
// older and newer pages (keyset: a row's last change and id), and only what the user may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/db/ids.js';
import { insertAssessment } from '../../server/record/assessments-repo.js';
import { agent, createTestApp, registerOrg, setupAdmin, type Agent, type TestApp } from '../helpers/app.js';
import { adminOrgId } from '../helpers/team.js';
import { userIdOf } from '../helpers/team.js';

let t: TestApp;
let admin: Agent;
let org: Agent;
const mine: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app);
  await registerOrg(org, 'pages@example.com', '分页测试有限公司');
  const other = agent(t.app);
  await registerOrg(other, 'other@example.com', '另一家公司');
  const orgId = await adminOrgId(org);
  const otherId = await adminOrgId(other);
  const userId = await userIdOf(t, 'pages@example.com');
  // 120 of ours, changed a minute apart (two share a time: the id breaks the tie), and 3 of another organization.
  const base = Date.parse('2026-11-01T00:00:00.000Z');
  for (let i = 0; i < 123; i++) {
    const at = new Date(base + Math.min(i, 119) * 60_000).toISOString();
    const id = newId();
    const ours = i < 120 || i === 122;
    await insertAssessment(t.ctx.db, {
      id, org_id: i === 120 || i === 121 ? otherId : orgId, questionnaire_id: 'mini', questionnaire_version: '1.0.0', weight_profile: null,
      title: `评估 ${i}`, status: 'draft', created_by: userId, created_at: at, updated_at: at, submitted_at: null, finalized_at: null, finalized_by: null,
    });
    if (ours) mine.push(id);
  }
});
afterAll(() => t.close());

const idsOn = (html: string) => [...html.matchAll(/<a href="\/assessments\/([0-9a-f-]{36})">/g)].map((m) => m[1]);
const link = (html: string, rel: 'next' | 'prev') => new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html)?.[1]?.replace(/&amp;/g, '&');

describe('the assessments list', () => {
  it('pages through every assessment the user may see exactly once, 50 at a time, and back', async () => {
    const seen: string[] = [];
    const pages: string[][] = [];
    let url: string | undefined = '/assessments';
    while (url) {
      const res = await org.get(url);
      expect(res.status).toBe(200);
      pages.push(idsOn(res.text));
      seen.push(...pages.at(-1)!);
      url = link(res.text, 'next');
      if (pages.length === 1) expect(link(res.text, 'prev')).toBeUndefined();
    }
    expect(pages.map((p) => p.length)).toEqual([50, 50, 21]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...mine].sort());

    // From the last page, "newer" gives the second page again.
    const last = await org.get(link((await org.get(link((await org.get('/assessments')).text, 'next')!)).text, 'next')!);
    const back = await org.get(link(last.text, 'prev')!);
    expect(idsOn(back.text)).toEqual(pages[1]);
  });

  it('gives the platform admin every organization’s, and ignores a cursor that is not one', async () => {
    const first = await admin.get('/assessments');
    expect(idsOn(first.text)).toHaveLength(50);
    const bad = await org.get('/assessments?after=%27%3B--');
    expect(bad.status).toBe(200);
    expect(idsOn(bad.text)).toEqual(idsOn((await org.get('/assessments')).text));
  });
});
