// A client organization with its whole team (org admin, respondent, viewer), a consultant assigned
// before anything is submitted (so a submission has someone to notify), a consultant of another
// client, and an answered draft ready to submit; and small readers of the notifications page.
import { expect } from 'vitest';
import { agent, answerSection, registerOrg, setupAdmin, startAssessment, type Agent, type TestApp } from './app.js';
import { createConsultant, GOV, login, submit, TECH } from './review.js';
import { addMember, adminOrgId, userIdOf } from './team.js';

export interface Team {
  admin: Agent;
  orgAdmin: Agent;
  respondent: Agent;
  viewer: Agent;
  consultant: Agent;
  otherConsultant: Agent;
  orgId: string;
  /** User ids by the name of their agent. */
  ids: Record<'orgAdmin' | 'respondent' | 'viewer' | 'consultant' | 'otherConsultant', string>;
}

export const CLIENT = '通知测试公司';
export const CLIENT_EN = 'Notify Test Co.';
export const CONSULTANT_EMAIL = 'wang@consult.example';

export async function clientTeam(t: TestApp): Promise<Team> {
  const admin = agent(t.app);
  await setupAdmin(admin);
  const orgAdmin = agent(t.app);
  await registerOrg(orgAdmin, 'boss@client.example', CLIENT, { nameEn: CLIENT_EN });
  await registerOrg(agent(t.app), 'boss@other.example', '别家公司');
  const respondent = await addMember(t, orgAdmin, 'resp@client.example', 'respondent');
  const viewer = await addMember(t, orgAdmin, 'viewer@client.example', 'viewer');
  await createConsultant(admin, '王顾问', CONSULTANT_EMAIL, CLIENT);
  await createConsultant(admin, '李顾问', 'li@consult.example', '别家公司');
  return {
    admin,
    orgAdmin,
    respondent,
    viewer,
    consultant: await login(t, CONSULTANT_EMAIL),
    otherConsultant: await login(t, 'li@consult.example'),
    orgId: await adminOrgId(orgAdmin),
    ids: {
      orgAdmin: await userIdOf(t, 'boss@client.example'),
      respondent: await userIdOf(t, 'resp@client.example'),
      viewer: await userIdOf(t, 'viewer@client.example'),
      consultant: await userIdOf(t, CONSULTANT_EMAIL),
      otherConsultant: await userIdOf(t, 'li@consult.example'),
    },
  };
}

/** The org admin starts the mini questionnaire and answers every section; returns its id. */
export async function answeredDraft(orgAdmin: Agent): Promise<string> {
  const id = await startAssessment(orgAdmin);
  await answerSection(orgAdmin, id, 'gov', GOV);
  await answerSection(orgAdmin, id, 'tech', TECH);
  return id;
}

export async function submitted(orgAdmin: Agent): Promise<string> {
  const id = await answeredDraft(orgAdmin);
  expect((await submit(orgAdmin, id)).status).toBe(303);
  return id;
}

/** The count in the header's badge (0 without one). */
export async function badgeCount(a: Agent): Promise<number> {
  const page = await a.get('/assessments');
  return Number(/class="badge"[^>]*>(\d+)</.exec(page.text)?.[1] ?? 0);
}

export interface ListedNotification {
  open: string;
  text: string;
  unread: boolean;
}

/** The notifications listed on a page of /notifications, in order. */
export function listed(html: string): ListedNotification[] {
  return [...html.matchAll(/<li( class="unread")?>\s*(?:<span class="tag unread-tag">[^<]*<\/span>)?\s*<a href="([^"]+)">([^<]*)<\/a>/g)].map((m) => ({
    unread: Boolean(m[1]),
    open: m[2],
    text: m[3],
  }));
}
