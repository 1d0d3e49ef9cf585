import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_WAIT_MS, MAX_WAIT_MS, waitAfter } from '../../server/auth/login-throttle.js';
import { agent, createTestApp, PASSWORD, registerOrg, setupAdmin, submitForm, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // Behind a proxy (TRUST_PROXY=true lets each test request name its own client address).
  t = await createTestApp({ TRUST_PROXY: 'true', LOGIN_RATE_LIMIT: '100', LOGIN_ACCOUNT_LIMIT: '3' });
  await setupAdmin(agent(t.app));
  await registerOrg(agent(t.app), 'owner@example.com');
});
afterAll(() => t.close());

let nextAddress = 1;
/** A browser at a client address of its own. */
function browserAt(): Agent {
  return agent(t.app).set('X-Forwarded-For', `198.51.100.${nextAddress++}`);
}

const attempt = (a: Agent, email: string, password: string) => submitForm(a, '/login', { email, password });

describe('sign-in throttling per account', () => {
  it('makes a wait that doubles, capped, after the free failures', () => {
    expect([0, 1, 2].map((f) => waitAfter(f, 3))).toEqual([0, 0, 0]);
    expect(waitAfter(3, 3)).toBe(FIRST_WAIT_MS);
    expect(waitAfter(4, 3)).toBe(2 * FIRST_WAIT_MS);
    expect(waitAfter(40, 3)).toBe(MAX_WAIT_MS);
  });

  it('slows guesses at one account from many addresses, and treats an unknown e-mail the same way', async () => {
    for (const email of ['owner@example.com', 'nobody@example.com']) {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt(browserAt(), email, `guess number ${i}`)).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429]);
    }
    // Even the right password waits (the guesser cannot tell it from a wrong one) …
    const fresh = await attempt(browserAt(), 'owner@example.com', PASSWORD);
    expect(fresh.status).toBe(429);
    expect(fresh.headers['retry-after']).toMatch(/^\d+$/);
    // … but only for a while: once the wait is over, the owner signs in and the count starts again.
    await t.ctx.db.updateTable('login_failures').set({ blocked_until: new Date(Date.now() - 1000).toISOString() }).where('key', 'like', 'acct:%').execute();
    expect((await attempt(browserAt(), 'owner@example.com', PASSWORD)).status).toBe(303);
  });

  it('never keeps the owner out of their account from a browser they signed in with before', async () => {
    const own = browserAt();
    expect((await attempt(own, 'owner@example.com', PASSWORD)).status).toBe(303);
    await submitForm(own, '/assessments', {}, '/logout');
    for (let i = 0; i < 6; i++) await attempt(browserAt(), 'owner@example.com', `attacker guess ${i}`);
    expect((await attempt(browserAt(), 'owner@example.com', PASSWORD)).status).toBe(429);
    const back = await attempt(own, 'owner@example.com', PASSWORD);
    expect(back.status).toBe(303);
    expect(back.headers.location).toBe('/assessments');
  });

  it('counts failures per client address too, whatever the account', async () => {
    const limited = await createTestApp({ TRUST_PROXY: '1', LOGIN_RATE_LIMIT: '2' });
    try {
      const a = agent(limited.app).set('X-Forwarded-For', '6.6.6.6, 203.0.113.77');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await submitForm(a, '/login', { email: `user${i}@example.com`, password: 'wrong wrong' })).status);
      expect(statuses).toEqual([400, 400, 429]);
      // One proxy in front (TRUST_PROXY=1): the address it saw is the client's, not what the client claimed.
      const keys = (await limited.ctx.db.selectFrom('login_failures').select('key').where('key', 'like', 'addr:%').execute()).map((r) => r.key);
      expect(keys).toEqual(['addr:203.0.113.77']);
    } finally {
      await limited.close();
    }
  });
});
