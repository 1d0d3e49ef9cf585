// An organization's team in tests: invitations through the real pages, accepted by new accounts.
import { expect } from 'vitest';
import { agent, PASSWORD, submitForm, type Agent, type TestApp } from './app.js';

/** The organization ids on the agent's assessments page (the team links of the orgs they administer). */
export async function adminOrgId(a: Agent): Promise<string> {
  const page = await a.get('/assessments');
  return /href="\/orgs\/([^/"]+)\/members"/.exec(page.text)![1];
}

/** The org admin `admin` invites `email` as `role`; returns the invitation link's path (/invitations/TOKEN). */
export async function invite(admin: Agent, orgId: string, email: string, role: string): Promise<string> {
  const res = await submitForm(admin, `/orgs/${orgId}/members`, { email, role }, `/orgs/${orgId}/members/invitations`);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return new URL(/id="one-time-link"[^>]*value="([^"]+)"/.exec(res.text)![1]).pathname;
}

/** Accepts an invitation link with a new account; returns the signed-in agent. */
export async function acceptAsNew(t: TestApp, link: string, name: string, password = PASSWORD): Promise<Agent> {
  const a = agent(t.app);
  const res = await submitForm(a, link, { name, password, passwordConfirm: password });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return a;
}

/** Invites and accepts in one go: a new member of the admin's organization, signed in. */
export async function addMember(t: TestApp, admin: Agent, email: string, role: string, name = email.split('@')[0]): Promise<Agent> {
  return acceptAsNew(t, await invite(admin, await adminOrgId(admin), email, role), name);
}

export async function userIdOf(t: TestApp, email: string): Promise<string> {
  return (await t.ctx.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

/** The org admin assigns sections of an assessment (dimension id → user id, '' for none). */
export async function assign(admin: Agent, assessmentId: string, assignee: Record<string, string>) {
  return submitForm(admin, `/assessments/${assessmentId}`, { assignee }, `/assessments/${assessmentId}/assignments`);
}
