// Personal access tokens: made on the account's tokens page, shown once, stored only as a hash,
// audited; revoked, expired and deactivated-user tokens are refused with 401 JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { hashApiToken } from '../../server/api/tokens.js';
import { agent, createTestApp, registerOrg, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { addMember, adminOrgId, userIdOf } from '../helpers/team.js';
import { apiClient, createToken } from './helpers.js';

let t: TestApp;
let owner: Agent;

beforeAll(async () => {
  t = await createTestApp();
  owner = agent(t.app);
  await registerOrg(owner, 'owner@example.com', '令牌测试公司');
});
afterAll(() => t.close());

const tokenRow = (name: string) => t.ctx.db.selectFrom('api_tokens').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
const audits = (action: string) => t.ctx.db.selectFrom('audit_log').select(['actor_id', 'detail_json']).where('action', '=', action).execute();

describe('personal access tokens', () => {
  it('the account page links to the tokens page', async () => {
    const page = await owner.get('/account');
    expect(page.text).toContain('href="/account/tokens"');
    expect((await owner.get('/account/tokens')).status).toBe(200);
  });

  it('shows a new token once, stores only its SHA-256, audits it, and the token works', async () => {
    const token = await createToken(owner, '省级平台同步', 'read');
    expect(token).toMatch(/^zp_[A-Za-z0-9_-]{43}$/);
    const row = await tokenRow('省级平台同步');
    expect(row.token_hash).toBe(hashApiToken(token));
    expect(JSON.stringify(row)).not.toContain(token.slice(3));
    // The list shows it, never the token again.
    const list = await owner.get('/account/tokens');
    expect(list.text).toContain('省级平台同步');
    expect(list.text).not.toContain(token);
    expect((await audits('api-token.created')).map((a) => JSON.parse(a.detail_json).tokenId)).toContain(row.id);

    const me = await apiClient(t.app, token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'owner@example.com', token_scope: 'read' });
    expect(me.headers['set-cookie']).toBeUndefined();
    expect((await tokenRow('省级平台同步')).last_used_at).not.toBeNull();
  });

  it('refuses a revoked token with 401 JSON, and audits the revocation', async () => {
    const token = await createToken(owner, 'CRM', 'write');
    const row = await tokenRow('CRM');
    expect((await apiClient(t.app, token).get('/me')).status).toBe(200);
    const revoked = await submitForm(owner, '/account/tokens', {}, `/account/tokens/${row.id}/revoke`);
    expect(revoked.status).toBe(303);
    const res = await apiClient(t.app, token).get('/me');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['www-authenticate']).toContain('Bearer');
    expect(res.body.error.code).toBe('unauthorized');
    expect((await audits('api-token.revoked')).map((a) => JSON.parse(a.detail_json).tokenId)).toContain(row.id);
    expect((await owner.get('/account/tokens')).text).toContain('已于');
  });

  it('refuses an expired token with 401', async () => {
    const token = await createToken(owner, '短期', 'read', '2999-12-31');
    expect((await tokenRow('短期')).expires_at).toBe('2999-12-31T16:00:00.000Z');
    expect((await apiClient(t.app, token).get('/me')).status).toBe(200);
    await t.ctx.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('name', '=', '短期').execute();
    const res = await apiClient(t.app, token).get('/me');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it('refuses a past expiry date on the form, with the message by the field and the name kept', async () => {
    const res = await submitForm(owner, '/account/tokens', { name: '过期的', scope: 'read', expiresOn: '2001-01-01' });
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/id="expiresOn-error"/);
    expect(res.text).toContain('value="过期的"');
    expect(res.text).not.toContain('id="new-token"');
  });

  it("stops a deactivated user's tokens", async () => {
    const member = await addMember(t, owner, 'member@example.com', 'respondent');
    const token = await createToken(member, '成员令牌', 'read');
    expect((await apiClient(t.app, token).get('/me')).status).toBe(200);
    const orgId = await adminOrgId(owner);
    const memberId = await userIdOf(t, 'member@example.com');
    expect((await submitForm(owner, `/orgs/${orgId}/members`, {}, `/orgs/${orgId}/members/${memberId}/deactivate`)).status).toBe(303);
    // The member had no other organization: deactivating the membership deactivates the account, and its tokens stop.
    expect((await t.ctx.db.selectFrom('users').select('deactivated_at').where('id', '=', memberId).executeTakeFirstOrThrow()).deactivated_at).not.toBeNull();
    expect((await apiClient(t.app, token).get('/me')).status).toBe(401);
  });

  it('refuses missing, malformed and unknown tokens alike, as JSON', async () => {
    for (const header of [undefined, 'Bearer', 'Bearer not-a-token', `Bearer zp_${'A'.repeat(43)}`, 'Basic dXNlcjpwYXNz']) {
      const r = request(t.app).get('/api/v1/assessments');
      const res = await (header ? r.set('Authorization', header) : r);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it("cannot revoke another user's token", async () => {
    const other = agent(t.app);
    await registerOrg(other, 'other@example.com', '另一家公司');
    await createToken(other, '别人的', 'read');
    const row = await tokenRow('别人的');
    const res = await submitForm(owner, '/account/tokens', {}, `/account/tokens/${row.id}/revoke`);
    expect(res.status).toBe(404);
    expect((await tokenRow('别人的')).revoked_at).toBeNull();
  });
});
