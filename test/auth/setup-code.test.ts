import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSetupCode, prepareSetupCode, setupCodeMatches } from '../../server/setup/code.js';
import { agent, createTestApp, PASSWORD, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  // No SETUP_CODE: the code is generated, as on a first `npm start`.
  t = await createTestApp({ SETUP_CODE: '' });
});
afterAll(() => t.close());

const setupFields = (setupCode: string) => ({ setupCode, name: 'Admin', email: 'first@example.com', password: PASSWORD, passwordConfirm: PASSWORD });

describe('the one-time setup code', () => {
  it('is four groups of four unambiguous characters, compared without regard to case, spaces or dashes', () => {
    const code = newSetupCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    expect(setupCodeMatches(code.toLowerCase().replace(/-/g, ' '), code)).toBe(true);
    expect(setupCodeMatches(newSetupCode(), code)).toBe(false);
  });

  it('is required by the setup form, which keeps what was typed but not a wrong code', async () => {
    const code = (await prepareSetupCode(t.ctx.db))!;
    expect(await prepareSetupCode(t.ctx.db)).toBe(code);
    const a = agent(t.app);
    const page = await a.get('/setup');
    expect(page.text).toContain('初始化码');

    const missing = await submitForm(a, '/setup', setupFields(''));
    expect(missing.status).toBe(400);
    const wrong = await submitForm(a, '/setup', setupFields('AAAA-BBBB-CCCC-DDDD'));
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('初始化码不正确');
    expect(wrong.text).toContain('value="first@example.com"');
    expect(wrong.text).not.toContain('AAAA-BBBB-CCCC-DDDD');
    expect(await t.ctx.db.selectFrom('users').select('id').execute()).toHaveLength(0);

    const created = await submitForm(a, '/setup', setupFields(code));
    expect(created.status).toBe(303);
    expect((await t.ctx.db.selectFrom('users').select('is_platform_admin').executeTakeFirstOrThrow()).is_platform_admin).toBe(1);
  });

  it('expires once the admin exists: no code is kept and none is printed at the next start', async () => {
    const stored = await t.ctx.db.selectFrom('app_settings').select('key').where('key', '=', 'setup_code').execute();
    expect(stored).toHaveLength(0);
    expect(await prepareSetupCode(t.ctx.db)).toBeUndefined();
    expect(await prepareSetupCode(t.ctx.db, 'preset-code-1234')).toBeUndefined();
  });
});
