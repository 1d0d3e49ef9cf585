// Published versions live in the database: a restart keeps them, a release file may not change a
// published version, and another app process on the same database picks up a publish or a retirement.
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { QuestionnaireFileError } from '../../server/catalog/files.js';
import { createContext } from '../../server/context.js';
import { openDatabase, type DatabaseHandle } from '../../server/db/connect.js';
import { agent, createTestApp, registerOrg, setupAdmin, signInAs, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { fixtureQuestionnaireDir } from '../helpers/questionnaires.js';
import { upload, uploadedExample } from './helpers.js';

const silent = pino({ level: 'silent' });
const FILES = ['mini.yaml', 'worked-example.yaml'];

let dir: string;
let t: TestApp;
let admin: Agent;
const handles: DatabaseHandle[] = [];

/** Another app process's view of the same database: its own connection, context and catalog. */
async function otherProcess(catalogCheckMs?: number) {
  const handle = openDatabase({ dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, pgPoolSize: 2 });
  handles.push(handle);
  const ctx = await createContext(t.ctx.config, handle, silent, { catalogCheckMs });
  return { ctx, app: createApp(ctx) };
}

const stored = (id: string, version: string) =>
  t.ctx.db.selectFrom('questionnaire_versions').selectAll().where('questionnaire_id', '=', id).where('version', '=', version).executeTakeFirst();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhiping-catalog-'));
  for (const f of FILES) copyFileSync(resolve(fixtureQuestionnaireDir, f), join(dir, f));
  t = await createTestApp({ QUESTIONNAIRE_DIR: dir });
  admin = agent(t.app, 'en');
  await setupAdmin(admin);
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a second app process on the same database', () => {
  it('sees a publish and a retirement made by the first', async () => {
    const other = await otherProcess(0);
    const reader = agent(other.app, 'en');
    expect((await reader.get('/questionnaires/uploaded-example/1.0.0')).status).toBe(404);

    expect((await upload(admin, uploadedExample())).status).toBe(303);
    const preview = await reader.get('/questionnaires/uploaded-example/1.0.0');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Uploaded example');

    const org = agent(other.app, 'en');
    await registerOrg(org, 'org@example.com');
    expect((await org.get('/assessments')).text).toContain('value="uploaded-example"');
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.0/retire')).status).toBe(303);
    expect((await org.get('/assessments')).text).not.toContain('value="uploaded-example"');
    expect(other.ctx.catalog.isRetired('uploaded-example', '1.0.0')).toBe(true);
  });

  it('refuses a start on a version retired elsewhere even before its catalog has caught up', async () => {
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.0/restore')).status).toBe(303);
    // This process reads the catalog now and does not look again for an hour; the version is retired meanwhile.
    const stale = await otherProcess(3_600_000);
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.0/retire')).status).toBe(303);
    expect(stale.ctx.catalog.isRetired('uploaded-example', '1.0.0')).toBe(false);
    const org = agent(stale.app, 'en');
    await signInAs(org, 'org@example.com');
    const page = await org.get('/assessments');
    expect(page.text).toContain('value="uploaded-example"');
    const before = (await t.ctx.db.selectFrom('assessments').select('id').execute()).length;
    const res = await submitForm(org, '/assessments', { orgId: /name="orgId" value="([^"]+)"/.exec(page.text)![1], questionnaireId: 'uploaded-example', weightProfile: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('This questionnaire version is retired');
    expect((await t.ctx.db.selectFrom('assessments').select('id').execute()).length).toBe(before);
  });
});

describe('starting again on the same database', () => {
  afterEach(() => {
    for (const f of FILES) copyFileSync(resolve(fixtureQuestionnaireDir, f), join(dir, f));
    rmSync(join(dir, 'worked-example-1.0.1.yaml'), { force: true });
  });

  it('keeps the uploaded versions and their retirement', async () => {
    const restarted = await otherProcess();
    expect(restarted.ctx.catalog.get('uploaded-example', '1.0.0').title.en).toBe('Uploaded example');
    expect(restarted.ctx.catalog.isRetired('uploaded-example', '1.0.0')).toBe(true);
    expect(restarted.ctx.catalog.publication('uploaded-example', '1.0.0')?.origin).toBe('upload');
  });

  it('refuses to start when a file changed a published version, naming the file, and publishes nothing', async () => {
    const before = await stored('worked-example', '1.0.0');
    const file = join(dir, 'worked-example.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('en: Worked scoring example', 'en: Changed in place'));
    writeFileSync(join(dir, 'worked-example-1.0.1.yaml'), readFileSync(resolve(fixtureQuestionnaireDir, 'worked-example.yaml'), 'utf8').replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
    const started = otherProcess();
    await expect(started).rejects.toThrow(QuestionnaireFileError);
    await expect(started).rejects.toThrow(/worked-example\.yaml: version: worked-example@1\.0\.0 is already published/);
    expect(await stored('worked-example', '1.0.0')).toEqual(before);
    expect(await stored('worked-example', '1.0.1')).toBeUndefined();
  });

  it('refuses a file for a version that was uploaded with other content', async () => {
    writeFileSync(join(dir, 'uploaded.yaml'), uploadedExample().replace('en: Uploaded example', 'en: Release copy'));
    try {
      await expect(otherProcess()).rejects.toThrow(/uploaded\.yaml: version: uploaded-example@1\.0\.0 is already published \(upload/);
    } finally {
      rmSync(join(dir, 'uploaded.yaml'));
    }
  });

  it('accepts a file that says the same as the published version in other words, and publishes a new file', async () => {
    appendFileSync(join(dir, 'worked-example.yaml'), '# a comment added after publishing\n');
    writeFileSync(join(dir, 'worked-example-1.0.1.yaml'), readFileSync(resolve(fixtureQuestionnaireDir, 'worked-example.yaml'), 'utf8').replace(/^version: 1\.0\.0$/m, 'version: 1.0.1'));
    const restarted = await otherProcess();
    expect(restarted.ctx.catalog.find('worked-example', '1.0.1')).toBeDefined();
    expect(await stored('worked-example', '1.0.1')).toMatchObject({ origin: 'file', file_name: 'worked-example-1.0.1.yaml' });
    // The first process sees it too, at its next look.
    await t.ctx.catalogSync.refresh();
    expect(t.ctx.catalog.find('worked-example', '1.0.1')).toBeDefined();
  });
});
