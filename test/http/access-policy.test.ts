// Walks the whole access policy (server/domain/policy.ts) against the real routes: every action's
// route, for every actor (each role, and a member and a consultant of another organization) and every
// assessment status, answers 403 where the role may not, 409 where the status does not allow it now,
// and succeeds otherwise.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POLICY, refusal, type Action, type Role } from '../../server/domain/policy.js';
import type { AssessmentStatus } from '../../server/domain/workflow.js';
import { agent, answerSection, createTestApp, csrfTokenIn, registerOrg, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { createConsultant, GOV, login, review, submit, TECH } from '../helpers/review.js';
import { setupAdmin } from '../helpers/app.js';
import { issueOnceToken } from '../../server/http/once.js';
import { addMember, adminOrgId, assign } from '../helpers/team.js';
import { insertNote } from '../../server/record/notes-repo.js';

let t: TestApp;
let orgId: string;
/** The client organization's profile as it is, sent back unchanged. */
let profile: Record<string, string>;
const actors: Record<string, { agent: Agent; role: Role | undefined; userId: string }> = {};
/** The comment thread on each assessment of the walk. */
const threadOf: Record<string, string> = {};

interface Route {
  method: 'get' | 'post';
  /** The path for an assessment `id` of the client organization `org`. */
  path: (id: string, org: string) => string;
  fields?: Record<string, unknown>;
  /** The one-time token's purpose, for forms that carry one (given valid here: the policy decides, not the token). */
  once?: string;
}

/** The route that takes each action (reads: the pages and the report). */
const ROUTES: Record<Action, Route[]> = {
  'assessment.read': [
    { method: 'get', path: (id) => `/assessments/${id}` },
    { method: 'get', path: (id) => `/assessments/${id}/sections/tech` },
    { method: 'get', path: (id) => `/assessments/${id}/report.pdf?lang=en` },
  ],
  // Starting has no assessment yet (its own test below); moving needs a newer version (test/assessments/version-move.test.ts).
  'assessment.start': [],
  'assessment.move-version': [],
  'assessment.answer': [{ method: 'post', path: (id) => `/assessments/${id}/sections/tech`, fields: { shown: { 't-3': '1' }, a: { 't-3': '0.5' }, go: 'stay' } }],
  'assessment.submit': [{ method: 'post', path: (id) => `/assessments/${id}/submit`, once: 'assessment.submit' }],
  'assessment.start-review': [{ method: 'post', path: (id) => `/assessments/${id}/review`, fields: { action: 'start-review' } }],
  'assessment.request-changes': [{ method: 'post', path: (id) => `/assessments/${id}/review`, fields: { action: 'request-changes', note: '请补充证据。' } }],
  'assessment.note': [{ method: 'post', path: (id) => `/assessments/${id}/notes`, fields: { questionId: 't-4', adjustedValue: '1', text: '核实后调整。' } }],
  'assessment.sign-off': [
    { method: 'get', path: (id) => `/assessments/${id}/sign-off` },
    { method: 'post', path: (id) => `/assessments/${id}/review`, fields: { action: 'finalize', conclusion: '结论可信。' }, once: 'assessment.finalize' },
  ],
  // Every assessment of the walk has one thread (threadOf), opened by the consultant on t-4.
  'assessment.reply': [{ method: 'post', path: (id) => `/assessments/${id}/threads/${threadOf[id]}/reply`, fields: { text: '已补充材料。' } }],
  'assessment.resolve': [{ method: 'post', path: (id) => `/assessments/${id}/threads/${threadOf[id]}/resolve` }],
  'assessment.reopen': [{ method: 'post', path: (id) => `/assessments/${id}/review`, fields: { action: 'reopen', reason: '补充材料后重新审定。' } }],
  // Assigning the 'gov' section to the org admin (the respondent keeps 'tech').
  'assessment.assign': [{ method: 'post', path: (id) => `/assessments/${id}/assignments`, fields: { assignee: { gov: '' } } }],
  'org.members': [
    { method: 'get', path: (_id, org) => `/orgs/${org}/members` },
    { method: 'post', path: (_id, org) => `/orgs/${org}/members/invitations`, fields: { email: 'invited@example.com', role: 'viewer' } },
    { method: 'post', path: (_id, org) => `/orgs/${org}/members/${actors.viewer.userId}/reset-link` },
    { method: 'post', path: (_id, org) => `/orgs/${org}/members/${actors.viewer.userId}/role`, fields: { role: 'viewer' } },
  ],
  // The signed results over time: whoever reads the organization's assessments (test/orgs/history.test.ts).
  'org.history': [{ method: 'get', path: (_id, org) => `/orgs/${org}/history` }],
  // Reading the profile is for whoever reads the organization's assessments (test/orgs/profile.test.ts); editing is the action.
  'org.profile': [
    {
      method: 'post',
      path: (_id, org) => `/orgs/${org}/profile`,
      get fields() {
        return profile;
      },
    },
  ],
};

const STATUSES: AssessmentStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested', 'finalized'];

/** A new assessment of the client organization, taken through the real workflow to `status`. */
async function assessmentIn(status: AssessmentStatus): Promise<string> {
  const org = actors.org_admin.agent;
  const consultant = actors.consultant.agent;
  const id = await startAssessment(org);
  threadOf[id] = await insertNote(t.ctx.db, {
    assessmentId: id,
    questionId: 't-4',
    authorId: actors.consultant.userId,
    text: '请补充复盘纪要。',
    adjustedValue: null,
    answerRevision: null,
    at: new Date().toISOString(),
  });
  // The respondent answers the 'tech' section; the org admin any.
  expect((await assign(org, id, { tech: actors.respondent.userId })).status).toBe(303);
  await answerSection(org, id, 'gov', GOV);
  await answerSection(org, id, 'tech', TECH);
  if (status === 'draft') return id;
  expect((await submit(org, id)).status).toBe(303);
  if (status === 'submitted') return id;
  expect((await review(consultant, id, 'start-review')).status).toBe(303);
  if (status === 'in_review') return id;
  if (status === 'changes_requested') {
    expect((await review(consultant, id, 'request-changes', { note: '退回' })).status).toBe(303);
    return id;
  }
  expect((await review(consultant, id, 'finalize')).status).toBe(303);
  return id;
}

async function call(actor: { agent: Agent; userId: string }, route: Route, id: string) {
  const a = actor.agent;
  if (route.method === 'get') return a.get(route.path(id, orgId));
  const token = csrfTokenIn((await a.get('/questionnaires')).text);
  const once = route.once ? { _once: issueOnceToken(t.ctx.secret, actor.userId, route.once) } : {};
  return a.post(route.path(id, orgId)).type('form').send({ _csrf: token, ...once, ...(route.fields ?? {}) });
}

async function userId(email: string): Promise<string> {
  return (await t.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = agent(t.app);
  await setupAdmin(admin);
  const org = agent(t.app);
  await registerOrg(org, 'client@example.com', '客户公司');
  const otherOrg = agent(t.app);
  await registerOrg(otherOrg, 'other@example.com', '别家公司');
  await createConsultant(admin, '王顾问', 'wang@consult.example', '客户公司');
  await createConsultant(admin, '赵顾问', 'zhao@consult.example', '别家公司');
  actors.org_admin = { agent: org, role: 'org_admin', userId: await userId('client@example.com') };
  orgId = await adminOrgId(org);
  const row = await t.ctx.db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirstOrThrow();
  profile = { orgName: row.name, nameEn: row.name_en ?? '', creditCode: row.credit_code!, province: row.province!, industry: row.industry, sizeBand: row.size_band };
  actors.respondent = { agent: await addMember(t, org, 'resp@example.com', 'respondent'), role: 'respondent', userId: await userId('resp@example.com') };
  actors.viewer = { agent: await addMember(t, org, 'viewer@example.com', 'viewer'), role: 'viewer', userId: await userId('viewer@example.com') };
  actors.consultant = { agent: await login(t, 'wang@consult.example'), role: 'consultant', userId: await userId('wang@consult.example') };
  actors.platform_admin = { agent: admin, role: 'platform_admin', userId: await userId('admin@example.com') };
  actors['org_admin of another organization'] = { agent: otherOrg, role: undefined, userId: await userId('other@example.com') };
  actors['consultant of another organization'] = { agent: await login(t, 'zhao@consult.example'), role: undefined, userId: await userId('zhao@consult.example') };
});
afterAll(() => t.close());

describe('the access policy on the real routes', () => {
  it('answers 403, 409 or success for every action, actor and status as the policy table says', async () => {
    const shared = Object.fromEntries(await Promise.all(STATUSES.map(async (s) => [s, await assessmentIn(s)] as const)));
    const mismatches: string[] = [];
    let checked = 0;
    for (const action of Object.keys(POLICY) as Action[]) {
      for (const route of ROUTES[action]) {
        // An organization's actions do not depend on any assessment's status: one status is enough.
        for (const status of action.startsWith('org.') ? STATUSES.slice(0, 1) : STATUSES) {
          for (const [name, actor] of Object.entries(actors)) {
            const why = refusal(actor.role, action, status);
            // A success changes the assessment, so it gets one of its own; refusals leave it as it was.
            const id = why === null && route.method === 'post' ? await assessmentIn(status) : shared[status];
            const res = await call(actor, route, id);
            const expected = why === 'role' ? [403] : why === 'status' ? [409] : [200, 303];
            checked++;
            if (!expected.includes(res.status)) mismatches.push(`${action} ${route.method.toUpperCase()} ${route.path(':id', ':org')} as ${name} on ${status}: ${res.status}, expected ${expected.join(' or ')}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(200);
    // Several hundred requests through the real workflow: a budget for a busy shared machine, not a speed check.
  }, 300_000);

  it('keeps a respondent to the sections assigned to them, and says whose section it is', async () => {
    const id = await assessmentIn('draft');
    const respondent = actors.respondent.agent;
    // 'gov' is not theirs: read-only page, and a save is refused.
    const page = await respondent.get(`/assessments/${id}/sections/gov`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('此部分未分配给您');
    expect(page.text).not.toContain('data-autosave');
    const refused = await call(actors.respondent, { method: 'post', path: (x) => `/assessments/${x}/sections/gov`, fields: { shown: { 'g-4': '1' }, a: { 'g-4': '1' }, go: 'stay' } }, id);
    expect(refused.status).toBe(403);
    // Given to the org admin, the page names them.
    expect((await assign(actors.org_admin.agent, id, { gov: actors.org_admin.userId })).status).toBe(303);
    const named = await call(actors.respondent, { method: 'post', path: (x) => `/assessments/${x}/sections/gov`, fields: { shown: { 'g-4': '1' }, a: { 'g-4': '1' }, go: 'stay' } }, id);
    expect(named.status).toBe(403);
    expect(named.text).toContain('此部分已分配给张三');
    // Their own section saves, and the answer is recorded as theirs.
    const own = await call(actors.respondent, { method: 'post', path: (x) => `/assessments/${x}/sections/tech`, fields: { shown: { 't-4': '1' }, a: { 't-4': '1' }, go: 'stay' } }, id);
    expect(own.status).toBe(303);
    const row = await t.ctx.db.selectFrom('answers').select(['updated_by', 'value_json']).where('assessment_id', '=', id).where('question_id', '=', 't-4').executeTakeFirstOrThrow();
    expect(row).toEqual({ updated_by: actors.respondent.userId, value_json: '1' });
    // The overview shows progress per person.
    const overview = await actors.org_admin.agent.get(`/assessments/${id}`);
    expect(overview.text).toContain('按人员的进度');
    // A respondent cannot assign sections, nor a viewer answer.
    expect((await assign(respondent, id, { gov: actors.respondent.userId })).status).toBe(403);
    const viewerSave = await call(actors.viewer, { method: 'post', path: (x) => `/assessments/${x}/sections/tech`, fields: { shown: { 't-4': '1' }, a: { 't-4': '0' }, go: 'stay' } }, id);
    expect(viewerSave.status).toBe(403);
  });

  it('lets only org admins of the organization start an assessment', async () => {
    const page = await actors.org_admin.agent.get('/assessments');
    const orgId = /name="orgId" value="([^"]+)"/.exec(page.text)?.[1] ?? /<option value="([^"]+)"/.exec(page.text)![1];
    for (const name of ['respondent', 'viewer', 'consultant', 'platform_admin', 'org_admin of another organization']) {
      const a = actors[name].agent;
      const token = csrfTokenIn((await a.get('/assessments')).text);
      const once = issueOnceToken(t.ctx.secret, actors[name].userId, 'assessment.start');
      const res = await a.post('/assessments').type('form').send({ _csrf: token, _once: once, orgId, questionnaireId: 'mini' });
      expect(res.status, name).toBe(403);
    }
  });
});
