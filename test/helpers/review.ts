// A client organization with a submitted mini assessment, an assigned consultant and the platform
// admin, ready for the review workflow; and small helpers for the consultant's and the organization's forms.
import { expect } from 'vitest';
import { agent, answerSection, PASSWORD, registerOrg, setupAdmin, startAssessment, submitForm, type Agent, type TestApp } from './app.js';
import { formTokensIn } from '../../scripts/lib/http-client.js';

export const GOV = { 'g-ladder': '3', 'g-1': '1', 'g-2': '1', 'g-llm': 'no', 'g-4': '0.5', 'g-5': '0' };
export const TECH = { 't-single': 'pipeline', 't-1': '1', 't-multi': ['drift', 'latency', 'accuracy'], 't-2': '0.8', 't-num': '12', 't-3': '0.8', 't-4': '0', 't-4b': '0.5', 't-5': '0', 't-5b': '0' };

export interface ReviewSetup {
  admin: Agent;
  org: Agent;
  consultant: Agent;
  id: string;
}

export async function login(t: TestApp, email: string): Promise<Agent> {
  const a = agent(t.app);
  const res = await submitForm(a, '/login', { email, password: PASSWORD });
  expect(res.status).toBe(303);
  return a;
}

export async function createConsultant(admin: Agent, name: string, email: string, orgName: string): Promise<void> {
  expect((await submitForm(admin, '/admin', { name, email, password: PASSWORD, passwordConfirm: PASSWORD, affiliation: '华信咨询有限公司' }, '/admin/consultants')).status).toBe(303);
  await assignConsultantAs(admin, name, orgName);
}

/** The platform admin assigns the consultant named `name` on the organization's admin page (found by searching its name). */
export async function assignConsultantAs(admin: Agent, name: string, orgName: string): Promise<void> {
  const list = await admin.get(`/admin/organizations?search=${encodeURIComponent(orgName)}`);
  const orgId = new RegExp(`<a href="/admin/organizations/([^"]+)">${orgName}</a>`).exec(list.text)![1];
  const page = `/admin/organizations/${orgId}`;
  const consultantId = new RegExp(`<option value="([^"]+)"[^>]*>${name} `).exec((await admin.get(page)).text)![1];
  expect((await submitForm(admin, page, { consultantId }, `${page}/consultants`)).status).toBe(303);
}

/** An organization that answered and submitted the mini questionnaire, and its assigned consultant 王顾问. */
export async function submittedForReview(t: TestApp, orgName = '客户公司', orgEmail = 'client@example.com'): Promise<ReviewSetup> {
  const admin = agent(t.app);
  await setupAdmin(admin);
  const org = agent(t.app);
  await registerOrg(org, orgEmail, orgName);
  const id = await startAssessment(org);
  await answerSection(org, id, 'gov', GOV);
  await answerSection(org, id, 'tech', TECH);
  expect((await submit(org, id)).status).toBe(303);
  await createConsultant(admin, '王顾问', 'wang@consult.example', orgName);
  return { admin, org, consultant: await login(t, 'wang@consult.example'), id };
}

/** Posts a form of the assessment page (`page`: another page of it) with its tokens (CSRF, and the one-time token where the form has one). */
async function post(a: Agent, id: string, path: string, fields: Record<string, unknown>, page = `/assessments/${id}`) {
  const html = (await a.get(page)).text;
  return a.post(path).type('form').send({ ...Object.fromEntries(formTokensIn(html, path)), ...fields });
}

export const CONCLUSION = '材料与访谈一致，结论可信；建议优先建设模型评测与数据治理。';

export const submit = (a: Agent, id: string) => post(a, id, `/assessments/${id}/submit`, {});
/** A review action; signing off goes through the sign-off page, with a conclusion unless `fields` says otherwise. */
export const review = (a: Agent, id: string, action: string, fields: Record<string, string> = {}) =>
  action === 'finalize'
    ? post(a, id, `/assessments/${id}/review`, { action, conclusion: CONCLUSION, ...fields }, `/assessments/${id}/sign-off`)
    : post(a, id, `/assessments/${id}/review`, { action, ...fields });
export const note = (a: Agent, id: string, fields: Record<string, string>) => post(a, id, `/assessments/${id}/notes`, fields);
export const dismiss = (a: Agent, id: string, noteId: string) => post(a, id, `/assessments/${id}/adjustments/${noteId}/dismiss`, {});
