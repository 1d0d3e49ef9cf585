// Tokens made through the real /account/tokens page, and requests to /api/v1 with them.
import { expect } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { signOff } from '../helpers/carry.js';
import { review, submittedForReview, type ReviewSetup } from '../helpers/review.js';

/** Creates a token on the tokens page and returns it as the page showed it (the one time it is shown). */
export async function createToken(a: Agent, name: string, scope: 'read' | 'write', expiresOn = ''): Promise<string> {
  const res = await submitForm(a, '/account/tokens', { name, scope, expiresOn });
  expect(res.status, res.text.slice(0, 500)).toBe(200);
  return /id="new-token"[^>]*value="([^"]+)"/.exec(res.text)![1];
}

/** A client of the API with a bearer token and nothing else (no cookie jar). */
export function apiClient(app: Express, token: string, lang = 'en') {
  const auth = (r: request.Test) => r.set('Authorization', `Bearer ${token}`).set('Accept-Language', lang);
  return {
    get: (path: string) => auth(request(app).get(`/api/v1${path}`)),
    post: (path: string, body?: unknown) => auth(request(app).post(`/api/v1${path}`)).send(body as object),
    put: (path: string, body?: unknown) => auth(request(app).put(`/api/v1${path}`)).send(body as object),
  };
}

/** The mini questionnaire's answers as an API client sends them (JSON values, not form strings). */
export const GOV_JSON = { 'g-ladder': 3, 'g-1': 1, 'g-2': 1, 'g-llm': false, 'g-4': 0.5, 'g-5': 0 };
export const TECH_JSON = { 't-single': 'pipeline', 't-1': 1, 't-multi': ['drift', 'latency', 'accuracy'], 't-2': 0.8, 't-num': 12, 't-3': 0.8, 't-4': 0, 't-4b': 0.5, 't-5': 0, 't-5b': 0 };

export const asChanges = (values: Record<string, unknown>) => ({ answers: Object.fromEntries(Object.entries(values).map(([id, value]) => [id, { value }])) });

/** The client organization's mini assessment, answered and submitted through the pages, then reviewed and signed off. */
export async function signedForReview(t: TestApp): Promise<ReviewSetup> {
  const setup = await submittedForReview(t);
  expect((await review(setup.consultant, setup.id, 'start-review')).status).toBe(303);
  await signOff(setup.consultant, setup.id);
  return setup;
}
