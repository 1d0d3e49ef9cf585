// The OpenAPI document against the real API: every route the API router registers is documented,
// every documented operation exists, and real responses (and errors) parse with the documented
// zod schemas without losing or changing a field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { z } from 'zod';
import { ENDPOINTS } from '../../server/api/endpoints.js';
import { apiRoutes } from '../../server/api/routes.js';
import { ApiErrorBody } from '../../server/api/schemas.js';
import { createTestApp, type Agent, type TestApp } from '../helpers/app.js';
import { apiClient, asChanges, createToken, GOV_JSON, signedForReview, TECH_JSON } from './helpers.js';

let t: TestApp;
let org: Agent;
let api: ReturnType<typeof apiClient>;
let signedId: string;
let orgId: string;
let doc: { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>; components: Record<string, Record<string, unknown>> };

beforeAll(async () => {
  t = await createTestApp();
  const setup = await signedForReview(t);
  org = setup.org;
  signedId = setup.id;
  api = apiClient(t.app, await createToken(org, 'OpenAPI 检查', 'write'));
  orgId = (await t.ctx.db.selectFrom('organizations').select('id').where('name', '=', '客户公司').executeTakeFirstOrThrow()).id;
  const res = await request(t.app).get('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => t.close());

/** "GET /assessments/{id}" for every route of a router, read from Express's own route table. */
function registeredRoutes(router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] }): string[] {
  return router.stack
    .filter((layer) => layer.route)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`));
}

const documented = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the bearer scheme, required on every operation but the document itself', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        if (path === '/openapi.json') expect(op.security).toEqual([]);
        else {
          expect(op.security).toBeUndefined();
          expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '429']));
        }
      }
    }
  });

  it('documents every route the API router registers, and nothing more', () => {
    const routes = registeredRoutes(apiRoutes(t.ctx) as never);
    expect(routes.length).toBeGreaterThan(10);
    expect([...routes].sort()).toEqual(documented().sort());
  });

  it('every documented operation exists in the app (no "no such endpoint" answer)', async () => {
    const noSuch = (await api.get('/no/such/endpoint')).body.error.message;
    for (const op of documented()) {
      const [method, path] = op.split(' ');
      const url = path.replace('{revision}', '1').replace(/\{\w+\}/g, 'unknown-id');
      const res = await (method === 'GET' ? api.get(url) : method === 'PUT' ? api.put(url, {}) : api.post(url, {}));
      expect(res.body?.error?.message, op).not.toBe(noSuch);
    }
  });

  it('real responses parse with the documented response schemas, unchanged', async () => {
    const draft = (await api.post('/assessments', { org_id: orgId, questionnaire_id: 'mini' })).body.id as string;
    const samples: Record<string, () => request.Test> = {
      getMe: () => api.get('/me'),
      listOrganizations: () => api.get('/organizations'),
      getOrganization: () => api.get(`/organizations/${orgId}`),
      listAssessments: () => api.get('/assessments?limit=2'),
      createAssessment: () => api.post('/assessments', { org_id: orgId, questionnaire_id: 'mini', title: '契约检查' }),
      getAssessment: () => api.get(`/assessments/${signedId}`),
      getAnswers: () => api.get(`/assessments/${signedId}/answers`),
      putAnswers: () => api.put(`/assessments/${draft}/answers`, asChanges({ ...GOV_JSON, ...TECH_JSON })),
      submitAssessment: () => api.post(`/assessments/${draft}/submit`),
      getResult: () => api.get(`/assessments/${signedId}/result`),
      getSnapshot: () => api.get(`/assessments/${signedId}/snapshot`),
      listSignOffs: () => api.get(`/assessments/${signedId}/signed`),
      getSignedSnapshot: () => api.get(`/assessments/${signedId}/signed/1`),
      getReport: () => api.get(`/assessments/${signedId}/report.pdf`),
      listQuestionnaires: () => api.get('/questionnaires'),
      getQuestionnaire: () => api.get('/questionnaires/mini'),
    };
    expect(Object.keys(samples).sort()).toEqual(ENDPOINTS.map((e) => e.operationId).sort());
    for (const e of ENDPOINTS) {
      const res = await samples[e.operationId]();
      expect(res.status, `${e.operationId}: ${res.text?.slice(0, 300)}`).toBe(e.status ?? 200);
      if (e.response === 'pdf') {
        expect(res.headers['content-type']).toBe('application/pdf');
        continue;
      }
      const parsed = (e.response as z.ZodType).safeParse(res.body);
      expect(parsed.error?.issues, e.operationId).toBeUndefined();
      // Nothing undocumented is dropped, nothing is defaulted in: the body is exactly what the schema describes.
      expect(parsed.data, e.operationId).toEqual(res.body);
    }
  });

  it('error responses parse with the documented error schema', async () => {
    const errors = [
      await request(t.app).get('/api/v1/me'),
      await api.get('/assessments/unknown-id'),
      await api.put(`/assessments/${signedId}/answers`, { answers: { 'g-1': { value: 9 } } }),
      await api.get('/assessments?limit=0'),
      await api.get('/nowhere'),
    ];
    for (const res of errors) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      const parsed = ApiErrorBody.safeParse(res.body);
      expect(parsed.error?.issues).toBeUndefined();
      expect(parsed.data).toEqual(res.body);
    }
  });
});

describe('the documentation page', () => {
  it("serves swagger-ui from the project's own files under the app's CSP, with no inline script", async () => {
    const page = await request(t.app).get('/api/docs');
    expect(page.status).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(2);
    for (const [, attrs, body] of scripts) {
      expect(body.trim()).toBe('');
      expect(attrs).toMatch(/src="\/static\//);
    }
    expect(page.text).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of ['/static/swagger-ui/swagger-ui-bundle.js', '/static/swagger-ui/swagger-ui.css', '/static/js/api-docs.js']) {
      const res = await request(t.app).get(asset);
      expect(res.status, asset).toBe(200);
    }
    // Only what the page uses: not the package's demo page, which would load the petstore from the internet.
    expect((await request(t.app).get('/static/swagger-ui/index.html')).status).toBe(404);
  });
});
