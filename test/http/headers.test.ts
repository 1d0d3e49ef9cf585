import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, registerOrg, setupAdmin, startAssessment, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
});
afterAll(() => t.close());

describe('response headers', () => {
  it('forbid storing every signed-in page, redirect and download', async () => {
    const a = agent(t.app);
    await registerOrg(a, 'headers@example.com');
    const id = await startAssessment(a);
    for (const path of ['/assessments', `/assessments/${id}`, `/assessments/${id}/sections/gov`, '/account', '/notifications', '/nowhere']) {
      expect((await a.get(path)).headers['cache-control'], path).toContain('no-store');
    }
    const pdf = await a.get(`/assessments/${id}/report.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toContain('no-store');
    // Static files may be cached: they are the same for everyone.
    expect((await a.get('/static/style.css')).headers['cache-control']).toContain('max-age=3600');
  });

  it('deny browser features the app does not use, and send the referrer only to this site', async () => {
    const res = await agent(t.app).get('/login');
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) {
      expect(res.headers['permissions-policy']).toContain(feature);
    }
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('send HSTS only when COOKIE_SECURE is on', async () => {
    expect((await agent(t.app).get('/login')).headers['strict-transport-security']).toBeUndefined();
    const secure = await createTestApp({ COOKIE_SECURE: 'true', TRUST_PROXY: 'loopback' });
    try {
      const res = await agent(secure.app).get('/login').set('X-Forwarded-Proto', 'https');
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
      // A proxy that does not say the request came over HTTPS: warned once in the log (browsers would get no session cookie).
      const warnings: string[] = [];
      secure.ctx.logger = { ...secure.ctx.logger, warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as typeof secure.ctx.logger;
      await agent(secure.app).get('/login');
      await agent(secure.app).get('/login');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('X-Forwarded-Proto');
    } finally {
      await secure.close();
    }
  });
});
