import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agent, answerSection, createTestApp, csrfTokenIn, registerOrg, setupAdmin, startAssessment, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let a: Agent;
let id: string;
beforeAll(async () => {
  t = await createTestApp();
  await setupAdmin(agent(t.app));
  a = agent(t.app);
  await registerOrg(a, 'utf8@example.com');
  id = await startAssessment(a);
});
afterAll(() => t.close());

async function postRaw(body: string | Buffer, type: string) {
  const page = await a.get(`/assessments/${id}/sections/tech`);
  // Sent as the bytes given (superagent would otherwise serialize a Buffer as an object).
  return a
    .post(`/assessments/${id}/sections/tech`)
    .set('Content-Type', type)
    .set('X-CSRF-Token', csrfTokenIn(page.text))
    .serialize((b: unknown) => b as string)
    .send(body as unknown as string);
}

const storedText = async () =>
  (await t.ctx.db.selectFrom('answers').select('value_json').where('assessment_id', '=', id).where('question_id', '=', 't-text').executeTakeFirst())?.value_json;

describe('request bodies', () => {
  it('refuse a form whose percent escapes are not UTF-8 with 400, storing nothing', async () => {
    for (const escaped of ['%E4%B8', '%FF', '%C3%28', '%ED%A0%80']) {
      const res = await postRaw(`shown%5Bt-text%5D=1&a%5Bt-text%5D=ok${escaped}`, 'application/x-www-form-urlencoded');
      expect(res.status, escaped).toBe(400);
    }
    const raw = await postRaw(Buffer.concat([Buffer.from('shown%5Bt-text%5D=1&a%5Bt-text%5D='), Buffer.from([0xff, 0xfe])]), 'application/x-www-form-urlencoded');
    expect(raw.status).toBe(400);
    expect(raw.text).not.toContain('Error:');
    expect(await storedText()).toBeUndefined();
  });

  it('refuse JSON that is not UTF-8, or that spells a lone surrogate, with 400', async () => {
    const bad = await postRaw(Buffer.concat([Buffer.from('{"go":"autosave","x":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 'application/json');
    expect(bad.status).toBe(400);
    const surrogate = await postRaw('{"go":"autosave","x":"\\ud800"}', 'application/json');
    expect(surrogate.status, surrogate.text).toBe(400);
  });

  it('accept text in any script that is valid UTF-8', async () => {
    const res = await answerSection(a, id, 'tech', { 't-text': '质检视觉模型 ✓ 🚀' });
    expect(res.status).toBe(303);
    expect(JSON.parse((await storedText())!)).toBe('质检视觉模型 ✓ 🚀');
  });
});
