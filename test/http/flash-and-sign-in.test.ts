// Messages after actions travel as one-time flash messages, never as ?x=1 in the address; an error page
// leads back; the sign-in page says why it is asked for (not signed in, or the session ended).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { agent, createTestApp, PASSWORD, registerOrg, setupAdmin, signInAs, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(() => t.close());

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourcesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('messages after actions', () => {
  it('are never a query flag in a redirect', () => {
    const flagged = sourcesUnder(join(projectRoot, 'server')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => /redirect\(.*[?&][a-zA-Z]+=1\b/.test(line))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(flagged).toEqual([]);
  });

  it('after an admin action show once on the next page, with nothing in the address', async () => {
    const admin = agent(t.app);
    await signInAs(admin, 'admin@example.com');
    const created = await submitForm(admin, '/admin', { name: '钱顾问', email: 'qian@example.com', password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '某咨询公司' }, '/admin/consultants');
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe('/admin');
    const next = await admin.get('/admin');
    expect(next.text).toMatch(/<div class="alert success" role="status">[^<]+<\/div>/);
    expect(next.text).toContain('钱顾问');
    // The header names the list as its page does: the platform admin's is every organization's.
    expect(next.text).toContain('<a href="/assessments">全部评估</a>');
    expect((await admin.get('/admin')).text).not.toContain('class="alert success"');
  });
});

describe('an error page', () => {
  it('leads a signed-in user without a page before it to their own list', async () => {
    const org = agent(t.app);
    await registerOrg(org, 'lost@example.com', '迷路公司');
    const missing = await org.get('/assessments/no-such-assessment');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<a href="/assessments">返回评估列表</a>');
    const visitor = await agent(t.app, 'en').get('/no-such-page');
    expect(visitor.text).toContain('<a href="/">Back to the home page</a>');
  });
});

describe('the sign-in page', () => {
  it('asks a visitor who never signed in to sign in, and returns them to the page afterwards', async () => {
    const visitor = agent(t.app);
    const redirected = await visitor.get('/assessments');
    expect(redirected.headers.location).toBe('/login?next=%2Fassessments');
    const page = await visitor.get(redirected.headers.location);
    expect(page.text).toContain('请先登录：您要打开的页面需要登录');
    expect(page.text).not.toContain('您的登录已过期');
  });

  it('says the session ended when it did, once, and leads back to the page after signing in', async () => {
    const org = agent(t.app);
    await registerOrg(org, 'ended@example.com', '过期会话公司');
    // The session ends on the server (idle, too old, or signed out elsewhere): the browser still has its cookies.
    await t.ctx.db.deleteFrom('sessions').execute();
    const redirected = await org.get('/assessments');
    expect(redirected.status).toBe(303);
    const page = await org.get(redirected.headers.location);
    expect(page.text).toContain('您的登录已过期，请重新登录以继续。');
    expect((await org.get(redirected.headers.location)).text).not.toContain('您的登录已过期');
    const signedIn = await submitForm(org, redirected.headers.location, { email: 'ended@example.com', password: PASSWORD, next: '/assessments' }, '/login');
    expect(signedIn.headers.location).toBe('/assessments');
  });

  it('does not say the session ended after signing out', async () => {
    const org = agent(t.app, 'en');
    await registerOrg(org, 'left@example.com', '主动退出公司');
    const out = await submitForm(org, '/assessments', {}, '/logout');
    expect(out.status).toBe(303);
    const page = await org.get('/login?next=%2Fassessments');
    expect(page.text).toContain('Please sign in: the page you opened needs it');
    expect(page.text).not.toContain('Your session has ended');

    const everywhere = agent(t.app);
    await signInAs(everywhere, 'left@example.com');
    const ended = await submitForm(everywhere, '/account', { password: PASSWORD }, '/account/sign-out-everywhere');
    expect(ended.headers.location).toBe('/login');
    expect((await everywhere.get('/login')).text).not.toContain('您的登录已过期');
  });
});
