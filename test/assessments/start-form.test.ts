// The start form on the real questionnaires (both have a profile called "general"): each questionnaire's
// form offers only its own weight profiles, the one made for the organization's industry chosen; a profile
// of another questionnaire is refused with the message next to the field and the input kept.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { agent, createTestApp, registerOrg, setupAdmin, submitForm, type Agent, type TestApp } from '../helpers/app.js';

let t: TestApp;
let org: Agent;
beforeAll(async () => {
  t = await createTestApp({ QUESTIONNAIRE_DIR: join(projectRoot, 'questionnaires') });
  await setupAdmin(agent(t.app));
  org = agent(t.app);
  await registerOrg(org, 'maker@example.com', '离散制造公司', { industry: 'manufacturing-discrete' });
});
afterAll(() => t.close());

/** Each start form's questionnaire id and its weight profile choices: [value, selected]. */
function startForms(html: string): Map<string, { profiles: [string, boolean][]; form: string }> {
  const forms = html.split('<form method="post" action="/assessments"').slice(1).map((f) => f.slice(0, f.indexOf('</form>')));
  return new Map(
    forms.map((form) => {
      const id = /name="questionnaireId" value="([^"]+)"/.exec(form)![1];
      const select = /<select id="weightProfile-[^"]+" name="weightProfile"[\s\S]*?<\/select>/.exec(form)?.[0] ?? '';
      const profiles = [...select.matchAll(/<option value="([^"]*)"\s*(selected)?/g)].map((m): [string, boolean] => [m[1], m[2] === 'selected']);
      return [id, { profiles, form }];
    }),
  );
}

describe('the start form', () => {
  it("offers each questionnaire only its own weight profiles, with the organization's industry's chosen", async () => {
    const forms = startForms((await org.get('/assessments')).text);
    expect([...forms.keys()].sort()).toEqual(['ai-service-maturity', 'enterprise-ai-maturity']);
    for (const q of t.ctx.catalog.startable()) {
      const offered = forms.get(q.id)!.profiles.map(([value]) => value);
      expect(offered).toEqual(['', ...q.weightProfiles.map((p) => p.id)]);
    }
    // A discrete manufacturer: the enterprise questionnaire's manufacturing profile; the service one has none for it.
    expect(forms.get('enterprise-ai-maturity')!.profiles.filter(([, selected]) => selected)).toEqual([['manufacturing', true]]);
    expect(forms.get('ai-service-maturity')!.profiles.filter(([, selected]) => selected)).toEqual([]);
  });

  it("refuses another questionnaire's profile, with the message next to the field and the title kept", async () => {
    const orgId = /name="orgId" value="([^"]+)"/.exec((await org.get('/assessments')).text)![1];
    const refused = await submitForm(org, '/assessments', { orgId, questionnaireId: 'ai-service-maturity', weightProfile: 'manufacturing', title: '服务能力自评 2026' });
    expect(refused.status).toBe(400);
    const forms = startForms(refused.text);
    const service = forms.get('ai-service-maturity')!.form;
    expect(service).toMatch(/name="weightProfile" aria-describedby="[^"]*weightProfile-error" class="has-error" aria-invalid="true"/);
    expect(service).toContain('<p class="field-error" id="weightProfile-error">该权重方案不属于这份问卷，请从列表中选择。</p>');
    expect(service).toContain('value="服务能力自评 2026"');
    expect(forms.get('enterprise-ai-maturity')!.form).not.toContain('field-error');
    expect(await t.ctx.db.selectFrom('assessments').select('id').execute()).toEqual([]);
  });

  it('starts with the chosen profile of that questionnaire', async () => {
    const orgId = /name="orgId" value="([^"]+)"/.exec((await org.get('/assessments')).text)![1];
    const started = await submitForm(org, '/assessments', { orgId, questionnaireId: 'ai-service-maturity', weightProfile: 'platform-provider' });
    expect(started.status).toBe(303);
    const row = await t.ctx.db.selectFrom('assessments').select(['questionnaire_id', 'weight_profile']).executeTakeFirstOrThrow();
    expect(row).toEqual({ questionnaire_id: 'ai-service-maturity', weight_profile: 'platform-provider' });
  });
});
