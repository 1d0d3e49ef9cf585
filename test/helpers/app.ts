// An app on a fresh, migrated database, and small helpers for driving it like a browser would:
// forms carry the CSRF token from the page they were on.
import { pino } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../server/app.js';
import { readConfig } from '../../server/config.js';
import { createContext, type AppContext } from '../../server/context.js';
import { creditCodeCheckDigit } from '../../server/domain/credit-code.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { createTestDatabase, type TestDatabase } from './db.js';
import { fixtureQuestionnaireDir } from './questionnaires.js';
import { csrfTokenIn, formTokensIn, onceTokenIn } from '../../scripts/lib/http-client.js';

export interface TestApp {
  app: Express;
  ctx: AppContext;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The setup code test apps are configured with (SETUP_CODE), as an automated install would be. */
export const TEST_SETUP_CODE = 'test-setup-code';

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = readConfig({
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'silent',
    QUESTIONNAIRE_DIR: fixtureQuestionnaireDir,
    SETUP_CODE: TEST_SETUP_CODE,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  await migrateToLatest(database.handle.db);
  const ctx = await createContext(config, database.handle, pino({ level: 'silent' }));
  return { app: createApp(ctx), ctx, database, close: async () => { await ctx.reports.close(); await database.dispose(); } };
}

export type Agent = ReturnType<typeof request.agent>;

export function agent(app: Express, lang: 'zh-CN' | 'en' = 'zh-CN'): Agent {
  return request.agent(app).set('Accept-Language', lang);
}

export { csrfTokenIn, onceTokenIn };

/** GETs `page`, then POSTs `fields` with that page's CSRF token (and the form's one-time token) to `action` (default: the page itself). */
export async function submitForm(a: Agent, page: string, fields: Record<string, unknown>, action = page) {
  const form = await a.get(page);
  return a.post(action).type('form').send({ ...Object.fromEntries(formTokensIn(form.text, action)), ...fields });
}

export const PASSWORD = 'correct horse battery';

export async function setupAdmin(a: Agent, email = 'admin@example.com') {
  return submitForm(a, '/setup', { setupCode: TEST_SETUP_CODE, name: 'Platform Admin', email, password: PASSWORD, passwordConfirm: PASSWORD });
}

/** Signs in (replacing whoever the agent was signed in as: /login itself redirects a signed-in visitor). */
export async function signInAs(a: Agent, email: string, password = PASSWORD) {
  return submitForm(a, '/register', { email, password }, '/login');
}

let creditCodes = 0;

/** A valid unified social credit code not handed out before in this test file: a counter's digits and their check digit. */
export function nextCreditCode(): string {
  const body = `91440300${String(++creditCodes).padStart(9, '0')}`;
  return body + creditCodeCheckDigit(body);
}

/** Registers an organization (with a fresh credit code) and its admin, then signs in as that admin; returns the sign-in's response. */
export async function registerOrg(a: Agent, email: string, orgName = '示例制造有限公司', extra: Record<string, string> = {}) {
  const registered = await submitForm(a, '/register', {
    orgName,
    creditCode: nextCreditCode(),
    province: '440000',
    industry: 'manufacturing-discrete',
    sizeBand: 'medium',
    name: '张三',
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    ...extra,
  });
  if (registered.status !== 303) return registered;
  return signInAs(a, email, extra.password ?? PASSWORD);
}

export async function startAssessment(a: Agent, questionnaireId = 'mini', weightProfile = ''): Promise<string> {
  const res = await submitForm(a, '/assessments', { orgId: await firstOrgId(a), questionnaireId, weightProfile });
  if (res.status !== 303) throw new Error(`start failed: ${res.status} ${res.text.slice(0, 500)}`);
  return res.headers.location.split('/').pop()!;
}

async function firstOrgId(a: Agent): Promise<string> {
  const page = await a.get('/assessments');
  return /name="orgId" value="([^"]+)"/.exec(page.text)?.[1] ?? /<option value="([^"]+)"/.exec(page.text)![1];
}

/** Posts one section's answers as the answer form does: shown[...] for each question, a[...] values, na/reason. */
export async function answerSection(
  a: Agent,
  assessmentId: string,
  dimensionId: string,
  values: Record<string, unknown>,
  options: { na?: Record<string, string>; shown?: string[]; go?: string } = {},
) {
  const page = `/assessments/${assessmentId}/sections/${dimensionId}`;
  const shown = Object.fromEntries([...(options.shown ?? []), ...Object.keys(values), ...Object.keys(options.na ?? {})].map((id) => [id, '1']));
  const na = Object.fromEntries(Object.keys(options.na ?? {}).map((id) => [id, '1']));
  return submitForm(a, page, { shown, a: values, na, reason: options.na ?? {}, go: options.go ?? 'stay' });
}
