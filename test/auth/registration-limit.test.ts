import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, createTestApp, submitForm, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('registration', () => {
  it('is limited to 20 attempts per client address and hour', async () => {
    const a = agent(t.app);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await submitForm(a, '/register', { orgName: '', email: 'x' })).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await a.get('/register').set('Accept', 'text/html')).status).toBe(200);
  });
});
