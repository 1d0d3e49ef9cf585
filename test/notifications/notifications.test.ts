// In-app notifications on the real routes: who a submission notifies, the page (newest first, 50 a
// page, unread marked in words), opening one (only one's own; marks it read, goes where it leads),
// marking all read, the header's count; and the other events through announce() in a transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, submitForm, type TestApp } from '../helpers/app.js';
import { answeredDraft, badgeCount, CLIENT, CLIENT_EN, clientTeam, listed, submitted, type Team } from '../helpers/notifications.js';
import { submit } from '../helpers/review.js';
import { announce, type AssessmentEvent } from '../../server/notifications/service.js';
import { notify } from '../../server/notifications/repo.js';
import { inTransaction } from '../../server/record/write-path.js';

let t: TestApp;
let team: Team;
let id: string;
let title: string;

beforeAll(async () => {
  t = await createTestApp();
  team = await clientTeam(t);
  id = await submitted(team.orgAdmin);
  title = (await t.ctx.db.selectFrom('assessments').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title;
});
afterAll(() => t.close());

const kindsOf = async (userId: string) =>
  (await t.ctx.db.selectFrom('notifications').select(['kind', 'params_json']).where('user_id', '=', userId).orderBy('created_at').execute()).map((r) => ({
    kind: r.kind,
    href: (JSON.parse(r.params_json) as Record<string, string>).href,
  }));

describe('a submission', () => {
  it('notifies the assigned consultant and none of the organization, nor another client’s consultant', async () => {
    expect(await kindsOf(team.ids.consultant)).toEqual([{ kind: 'submitted', href: `/assessments/${id}` }]);
    for (const who of ['orgAdmin', 'respondent', 'viewer', 'otherConsultant'] as const) expect(await kindsOf(team.ids[who]), who).toEqual([]);
    expect(await badgeCount(team.consultant)).toBe(1);
    expect(await badgeCount(team.orgAdmin)).toBe(0);
  });

  it('queues no e-mail when SMTP_URL is unset', async () => {
    expect(t.ctx.mail).toBeUndefined();
    expect(await t.ctx.db.selectFrom('mail_outbox').selectAll().execute()).toEqual([]);
  });

  it('lists it for the consultant, marked unread in words, in both languages; viewing marks nothing read', async () => {
    const zh = await team.consultant.get('/notifications');
    expect(zh.status).toBe(200);
    expect(listed(zh.text)).toEqual([{ unread: true, open: expect.stringMatching(/^\/notifications\/[^/]+\/open$/), text: `${CLIENT}提交了评估“${title}”，等待您审阅。` }]);
    expect(zh.text).toContain('<span class="tag unread-tag">未读</span>');
    expect(zh.text).toContain('1 条未读');
    const consultantEn = team.consultant.set('Accept-Language', 'en');
    const page = await consultantEn.get('/notifications');
    expect(listed(page.text)[0].text).toBe(`${CLIENT_EN} submitted &#34;${title}&#34; for your review.`);
    expect(page.text).toContain('<span class="tag unread-tag">Unread</span>');
    team.consultant.set('Accept-Language', 'zh-CN');
    expect(await badgeCount(team.consultant)).toBe(1);
  });

  it('gives the header badge an accessible label with the count and a link to the page', async () => {
    const page = await team.consultant.get('/assessments');
    expect(page.text).toMatch(/<a class="notifications-link" href="\/notifications">通知 <span class="badge" aria-hidden="true">1<\/span><span class="visually-hidden">1 条未读<\/span><\/a>/);
  });
});

describe('opening a notification', () => {
  it('is refused (404) for anyone but its owner, and marks nothing read', async () => {
    const { open } = listed((await team.consultant.get('/notifications')).text)[0];
    expect((await team.orgAdmin.get(open)).status).toBe(404);
    expect((await team.otherConsultant.get(open)).status).toBe(404);
    expect((await team.orgAdmin.get('/notifications/no-such-id/open')).status).toBe(404);
    const visitor = await agent(t.app).get(open);
    expect(visitor.status).toBe(303);
    expect(visitor.headers.location).toBe(`/login?next=${encodeURIComponent(open)}`);
    expect(await badgeCount(team.consultant)).toBe(1);
  });

  it('marks it read, goes to the assessment, and the header count drops', async () => {
    const { open } = listed((await team.consultant.get('/notifications')).text)[0];
    const res = await team.consultant.get(open);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/assessments/${id}`);
    expect(await badgeCount(team.consultant)).toBe(0);
    expect(listed((await team.consultant.get('/notifications')).text)[0].unread).toBe(false);
    // Opening it again still leads there.
    expect((await team.consultant.get(open)).headers.location).toBe(`/assessments/${id}`);
  });

  it('never leads off the site, whatever was stored', async () => {
    for (const href of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      await t.ctx.db.deleteFrom('notifications').where('user_id', '=', team.ids.viewer).execute();
      await notify(t.ctx.db, team.ids.viewer, 'submitted', { title: 't', orgName: 'o', actor: 'a', href });
      const { open } = listed((await team.viewer.get('/notifications')).text)[0];
      expect((await team.viewer.get(open)).headers.location, href).toBe('/notifications');
    }
    await expect(inTransaction(t.ctx.db, (trx) => announce(t.ctx, trx, { kind: 'submitted', assessmentId: id, actorId: team.ids.orgAdmin, href: '//evil.example' }))).rejects.toThrow(/path in the app/);
    await t.ctx.db.deleteFrom('notifications').where('user_id', '=', team.ids.viewer).execute();
  });
});

describe('mark all as read', () => {
  it('marks every unread notification of the user read, and only theirs', async () => {
    const second = await answeredDraft(team.orgAdmin);
    expect((await submit(team.orgAdmin, second)).status).toBe(303);
    await notify(t.ctx.db, team.ids.consultant, 'registrationWithYourEmail', { orgName: '某公司' });
    await notify(t.ctx.db, team.ids.otherConsultant, 'registrationWithYourEmail', { orgName: '某公司' });
    expect(await badgeCount(team.consultant)).toBe(2);
    const page = await team.consultant.get('/notifications');
    expect(page.text).toContain('全部标为已读');
    // Without the page's CSRF token the form is refused as stale (back to where it came from, with a notice) and nothing changes.
    const forged = await team.consultant.post('/notifications/read').type('form').send({});
    expect([forged.status, forged.headers.location]).toEqual([303, '/']);
    expect(await badgeCount(team.consultant)).toBe(2);
    const res = await submitForm(team.consultant, '/notifications', {}, '/notifications/read');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/notifications');
    const after = await team.consultant.get('/notifications');
    expect(after.text).toContain('所有通知已标为已读。');
    expect(listed(after.text).map((n) => n.unread)).toEqual([false, false, false]);
    expect(after.text).not.toContain('全部标为已读');
    expect(await badgeCount(team.consultant)).toBe(0);
    expect(await badgeCount(team.otherConsultant)).toBe(1);
  });
});

describe('the account page', () => {
  it('no longer lists notifications but links to them', async () => {
    const page = await team.otherConsultant.get('/account');
    expect(page.text).toContain('<a href="/notifications">查看通知（1 条未读）</a>');
    expect(page.text).not.toContain('某公司');
  });
});

describe('pagination', () => {
  it('shows 50 a page, newest first, with links between pages; past the last page is 404', async () => {
    const user = team.ids.respondent;
    const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
    await t.ctx.db
      .insertInto('notifications')
      .values(Array.from({ length: 120 }, (_, i) => ({ id: `n-${String(i).padStart(3, '0')}`, user_id: user, kind: 'registrationWithYourEmail', params_json: JSON.stringify({ orgName: `公司${i}` }), created_at: at(i), read_at: null })))
      .execute();
    const orgNames = (html: string) => listed(html).map((n) => /“([^”]+)”/.exec(n.text)![1]);
    const first = await team.respondent.get('/notifications');
    expect(orgNames(first.text)).toEqual(Array.from({ length: 50 }, (_, i) => `公司${119 - i}`));
    expect(first.text).toContain('第 1 页，共 3 页');
    expect(first.text).toContain('href="/notifications?page=2" rel="next"');
    expect(first.text).not.toContain('rel="prev"');
    const last = await team.respondent.get('/notifications?page=3');
    expect(orgNames(last.text)).toEqual(Array.from({ length: 20 }, (_, i) => `公司${19 - i}`));
    expect(last.text).toContain('href="/notifications?page=2" rel="prev"');
    expect(last.text).not.toContain('rel="next"');
    expect((await team.respondent.get('/notifications?page=4')).status).toBe(404);
    expect((await team.respondent.get('/notifications?page=abc')).status).toBe(400);
    // The page counts every unread one, not only those shown.
    expect(last.text).toContain('120 条未读');
    await t.ctx.db.deleteFrom('notifications').where('user_id', '=', user).execute();
  });

  it('an empty list says so', async () => {
    const page = await team.viewer.get('/notifications');
    expect(page.status).toBe(200);
    expect(page.text).toContain('暂无通知。');
  });
});

describe('the other events, announced in a transaction', () => {
  const recipientsOf = async (event: AssessmentEvent) => {
    const before = new Set((await t.ctx.db.selectFrom('notifications').select('id').execute()).map((r) => r.id));
    await inTransaction(t.ctx.db, (trx) => announce(t.ctx, trx, event));
    const rows = await t.ctx.db.selectFrom('notifications').select(['id', 'user_id', 'kind', 'params_json']).execute();
    const added = rows.filter((r) => !before.has(r.id));
    for (const r of added) expect(r.kind).toBe(event.kind);
    const names = Object.fromEntries(Object.entries(team.ids).map(([name, userId]) => [userId, name]));
    return added.map((r) => names[r.user_id] ?? r.user_id).sort();
  };

  it('changes requested: the org admin and the respondent', async () => {
    expect(await recipientsOf({ kind: 'changesRequested', assessmentId: id, actorId: team.ids.consultant })).toEqual(['orgAdmin', 'respondent']);
  });

  it('a comment by the consultant reaches the org admin and respondent; one by the organization the consultant', async () => {
    expect(await recipientsOf({ kind: 'commented', assessmentId: id, actorId: team.ids.consultant, fromConsultant: true })).toEqual(['orgAdmin', 'respondent']);
    expect(await recipientsOf({ kind: 'commented', assessmentId: id, actorId: team.ids.respondent, fromConsultant: false })).toEqual(['consultant']);
  });

  it('a reply: the participants, and the consultant when the organization replies', async () => {
    const participants = [team.ids.respondent, team.ids.consultant];
    expect(await recipientsOf({ kind: 'replied', assessmentId: id, actorId: team.ids.consultant, participants, fromConsultant: true })).toEqual(['respondent']);
    expect(await recipientsOf({ kind: 'replied', assessmentId: id, actorId: team.ids.orgAdmin, participants, fromConsultant: false })).toEqual(['consultant', 'respondent']);
  });

  it('a sign-off: every active member, the viewer too, but not a deactivated one; the actor never', async () => {
    await t.ctx.db.updateTable('memberships').set({ deactivated_at: new Date().toISOString() }).where('user_id', '=', team.ids.respondent).execute();
    try {
      expect(await recipientsOf({ kind: 'signedOff', assessmentId: id, actorId: team.ids.consultant, href: `/assessments/${id}#signed` })).toEqual(['orgAdmin', 'viewer']);
    } finally {
      await t.ctx.db.updateTable('memberships').set({ deactivated_at: null }).where('user_id', '=', team.ids.respondent).execute();
    }
    const viewerPage = await team.viewer.get('/notifications');
    expect(listed(viewerPage.text)[0].text).toBe(`王顾问已审定签署${CLIENT}的评估“${title}”，签署版报告可以下载了。`);
    expect((await team.viewer.get(listed(viewerPage.text)[0].open)).headers.location).toBe(`/assessments/${id}#signed`);
  });

  it('leaves nothing behind when the transaction rolls back', async () => {
    const before = await t.ctx.db.selectFrom('notifications').select('id').execute();
    await expect(
      inTransaction(t.ctx.db, async (trx) => {
        await announce(t.ctx, trx, { kind: 'signedOff', assessmentId: id, actorId: team.ids.consultant });
        throw new Error('the write failed after announcing');
      }),
    ).rejects.toThrow('the write failed');
    expect(await t.ctx.db.selectFrom('notifications').select('id').execute()).toHaveLength(before.length);
  });
});
