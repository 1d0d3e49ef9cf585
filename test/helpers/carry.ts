// Signed assessments and starting from them, through the real pages: the one place that knows how a
// consultant signs off (the sign-off form may move to a page of its own) and how the start form offers
// the last signed assessment.
import { expect } from 'vitest';
import { csrfTokenIn, submitForm, type Agent } from './app.js';
import { review } from './review.js';

/** The consultant signs a submitted assessment off with a conclusion. */
export async function signOff(consultant: Agent, id: string, conclusion = '结论：同意签署。') {
  const res = await review(consultant, id, 'finalize', { conclusion });
  expect(res.status, res.text.slice(0, 300)).toBe(303);
}

/** The assessment the start form offers to start from (the value of its box), or undefined. */
export async function offeredToStartFrom(a: Agent): Promise<string | undefined> {
  return /name="carryFrom" value="([^"]+)"/.exec((await a.get('/assessments')).text)?.[1];
}

/** Starts a mini assessment from `carryFrom` with the start form; returns the response (303 to the new assessment). */
export async function startFrom(a: Agent, carryFrom: string | undefined, fields: Record<string, string> = {}) {
  const page = await a.get('/assessments');
  const orgId = /name="orgId" value="([^"]+)"/.exec(page.text)![1];
  return submitForm(a, '/assessments', { orgId, questionnaireId: 'mini', weightProfile: '', ...(carryFrom ? { carryFrom } : {}), ...fields });
}

export const idFrom = (res: { headers: Record<string, string> }) => res.headers.location.split('/').pop()!;

/** Confirms carried-over answers of a section as they are: one question, or all of the section. */
export async function confirmCarried(a: Agent, id: string, dimensionId: string, questionId?: string) {
  const page = await a.get(`/assessments/${id}/sections/${dimensionId}`);
  return a
    .post(`/assessments/${id}/sections/${dimensionId}/carried`)
    .type('form')
    .send({ _csrf: csrfTokenIn(page.text), ...(questionId ? { questionId } : {}) });
}
