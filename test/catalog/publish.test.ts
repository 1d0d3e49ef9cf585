// Publishing questionnaire versions without a deploy: a platform admin uploads a file, it is checked
// like the release's files, published into the database and offered for new assessments; a version
// is never replaced; a retired version takes no new assessment but stays readable.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuestionnaireText, problemLines } from '../../server/catalog/files.js';
import { agent, createTestApp, csrfTokenIn, registerOrg, setupAdmin, signInAs, startAssessment, submitForm, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { fixturesDir, fixtureQuestionnaireDir } from '../helpers/questionnaires.js';
import { upload, uploadedExample } from './helpers.js';

const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const textareaOf = (html: string) => unescapeHtml(/<textarea id="source"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)![1]);

let t: TestApp;
let admin: Agent;
let org: Agent;

const stored = (id: string, version: string) =>
  t.ctx.db.selectFrom('questionnaire_versions').selectAll().where('questionnaire_id', '=', id).where('version', '=', version).executeTakeFirst();
const countVersions = async () => Number((await t.ctx.db.selectFrom('questionnaire_versions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  t = await createTestApp();
  admin = agent(t.app, 'en');
  await setupAdmin(admin);
  org = agent(t.app, 'en');
  await registerOrg(org, 'org@example.com');
});
afterAll(() => t.close());

describe('publishing a questionnaire version', () => {
  it('loads the release files into the database at start, as published from a file', async () => {
    const row = await stored('worked-example', '1.0.0');
    expect(row).toMatchObject({ origin: 'file', file_name: 'worked-example.yaml', format: 'yaml', retired_at: null, kind: 'enterprise' });
    expect(row!.source).toBe(readFileSync(resolve(fixtureQuestionnaireDir, 'worked-example.yaml'), 'utf8'));
  });

  it('is for platform admins only', async () => {
    expect((await org.get('/admin/questionnaires')).status).toBe(403);
    const res = await org.post('/admin/questionnaires').field('_csrf', csrfTokenIn((await org.get('/assessments')).text)).attach('file', Buffer.from(uploadedExample()), 'x.yaml');
    expect(res.status).toBe(403);
    expect(await stored('uploaded-example', '1.0.0')).toBeUndefined();
  });

  it('refuses an upload without the CSRF token, storing nothing', async () => {
    const res = await admin.post('/admin/questionnaires').attach('file', Buffer.from(uploadedExample()), 'x.yaml');
    // Refused as a stale form: back to the page before, with a notice.
    expect(String(res.headers['set-cookie'])).toContain('zhiping.notice=form-expired');
    expect(await stored('uploaded-example', '1.0.0')).toBeUndefined();
  });

  it('publishes a valid YAML file: previewable, listed, and startable by an organization', async () => {
    const res = await upload(admin, uploadedExample());
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/questionnaires');
    const row = await stored('uploaded-example', '1.0.0');
    expect(row).toMatchObject({ origin: 'upload', file_name: 'uploaded.yaml', format: 'yaml', source: uploadedExample(), retired_at: null });
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.ctx.db.selectFrom('audit_log').select('detail_json').where('action', '=', 'questionnaire.published').execute();
    expect(audit.map((a) => JSON.parse(a.detail_json).questionnaire)).toContain('uploaded-example@1.0.0');

    const preview = await org.get('/questionnaires/uploaded-example/1.0.0');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Uploaded example');
    const adminPage = await admin.get('/admin/questionnaires');
    expect(adminPage.text).toContain('href="/questionnaires/uploaded-example/1.0.0"');
    expect(adminPage.text).toContain('Published. New assessments start');

    expect((await org.get('/assessments')).text).toContain('name="questionnaireId" value="uploaded-example"');
    const id = await startAssessment(org, 'uploaded-example');
    const a = await t.ctx.db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(a).toMatchObject({ questionnaire_id: 'uploaded-example', questionnaire_version: '1.0.0' });
    expect((await org.get(`/assessments/${id}`)).status).toBe(200);
  });

  it('accepts pasted JSON text in the same form', async () => {
    const outcome = parseQuestionnaireText('x.yaml', uploadedExample('1.0.1'));
    if (!outcome.ok) throw new Error('fixture does not parse');
    const json = JSON.stringify(outcome.questionnaire, null, 2);
    const res = await upload(admin, json, null);
    expect(res.status).toBe(303);
    expect(await stored('uploaded-example', '1.0.1')).toMatchObject({ format: 'json', file_name: null, source: json });
    expect((await org.get('/questionnaires/uploaded-example/1.0.1')).status).toBe(200);
  });

  it('lists every problem of a bad file with its path and line, keeps the text sent, and stores nothing', async () => {
    const before = await countVersions();
    for (const name of ['lint-errors.yaml', 'broken.yaml']) {
      const text = readFileSync(resolve(fixturesDir, 'broken-questionnaires', name), 'utf8');
      const outcome = parseQuestionnaireText(name, text);
      if (outcome.ok) throw new Error(`${name} is expected to be bad`);
      const res = await upload(admin, text, name);
      expect(res.status).toBe(400);
      const listed = [...res.text.matchAll(/<li><code>([^<]+)<\/code>/g)].map((m) => unescapeHtml(m[1]));
      expect(listed).toEqual(outcome.problems.map((p) => p.path));
      const lines = problemLines(text, outcome.problems).filter((l) => l !== undefined);
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(res.text).toContain(`(line ${line})`);
      expect(textareaOf(res.text)).toBe(text);
    }
    const unparsable = 'id: x\nversion: [1.0\n';
    const res = await upload(admin, unparsable, null);
    expect(res.status).toBe(400);
    expect(res.text).toContain('<code>(file)</code>');
    expect(textareaOf(res.text)).toBe(unparsable);
    expect(await countVersions()).toBe(before);
  });

  it('finds the line of a problem in the uploaded text', () => {
    const text = uploadedExample().replace(/^(\s+)weight: 0\.3$/m, '$1weight: -3');
    const outcome = parseQuestionnaireText('x.yaml', text);
    if (outcome.ok) throw new Error('expected a problem');
    const line = text.split('\n').findIndex((l) => /weight: -3$/.test(l)) + 1;
    expect(problemLines(text, outcome.problems)).toContain(line);
  });

  it('refuses an empty form and a file that is not YAML or JSON', async () => {
    expect((await upload(admin, '', null)).status).toBe(400);
    const res = await upload(admin, uploadedExample('9.0.0'), 'questionnaire.txt');
    expect(res.status).toBe(400);
    expect(res.text).toContain('ends in .yaml, .yml or .json');
    expect(await stored('uploaded-example', '9.0.0')).toBeUndefined();
  });

  it('never replaces a published version: the same id@version again is refused and the stored one is unchanged', async () => {
    const first = await stored('uploaded-example', '1.0.0');
    const changed = uploadedExample().replace('en: Uploaded example', 'en: Replaced title');
    const res = await upload(admin, changed);
    expect(res.status).toBe(409);
    expect(res.text).toContain('uploaded-example@1.0.0 is already published');
    expect(textareaOf(res.text)).toBe(changed);
    expect(await stored('uploaded-example', '1.0.0')).toEqual(first);
    expect(t.ctx.catalog.get('uploaded-example', '1.0.0').title.en).toBe('Uploaded example');
    // A release file's version cannot be replaced by an upload either.
    const file = readFileSync(resolve(fixtureQuestionnaireDir, 'worked-example.yaml'), 'utf8').replace('en: Worked scoring example', 'en: Hijacked');
    expect((await upload(admin, file)).status).toBe(409);
    expect((await stored('worked-example', '1.0.0'))!.source).not.toContain('Hijacked');
  });

  it('publishes one of two concurrent uploads of the same new version and refuses the other', async () => {
    const second = agent(t.app, 'en');
    await signInAs(second, 'admin@example.com');
    const [a, b] = await Promise.all([
      upload(admin, uploadedExample('2.0.0')),
      upload(second, uploadedExample('2.0.0').replace('en: Uploaded example', 'en: The other upload')),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 409]);
    const row = await stored('uploaded-example', '2.0.0');
    const winner = a.status === 303 ? uploadedExample('2.0.0') : uploadedExample('2.0.0').replace('en: Uploaded example', 'en: The other upload');
    expect(row!.source).toBe(winner);
    expect(t.ctx.catalog.get('uploaded-example', '2.0.0').title.en).toBe(a.status === 303 ? 'Uploaded example' : 'The other upload');
  });
});

describe('retiring a version', () => {
  let onRetired: string;

  it('takes it off the start form, refuses a start on it, and keeps its assessments readable', async () => {
    const questionnaire = await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/2.0.0/retire');
    expect(questionnaire.status).toBe(303);
    // Starts fall back to the newest version that is not retired.
    expect(t.ctx.catalog.startable().find((q) => q.id === 'uploaded-example')!.version).toBe('1.0.1');
    onRetired = await startAssessment(org, 'uploaded-example');
    expect((await t.ctx.db.selectFrom('assessments').select('questionnaire_version').where('id', '=', onRetired).executeTakeFirstOrThrow()).questionnaire_version).toBe('1.0.1');

    for (const version of ['1.0.1', '1.0.0']) expect((await submitForm(admin, '/admin/questionnaires', {}, `/admin/questionnaires/uploaded-example/${version}/retire`)).status).toBe(303);
    const list = await org.get('/assessments');
    expect(list.text).not.toContain('value="uploaded-example"');
    expect(list.text).toContain('value="worked-example"');
    const before = await t.ctx.db.selectFrom('assessments').select('id').execute();
    const refused = await submitForm(org, '/assessments', { orgId: /name="orgId" value="([^"]+)"/.exec(list.text)![1], questionnaireId: 'uploaded-example', weightProfile: '' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This questionnaire version is retired');
    expect(await t.ctx.db.selectFrom('assessments').select('id').execute()).toHaveLength(before.length);

    expect((await org.get(`/assessments/${onRetired}`)).status).toBe(200);
    const pdf = await org.get(`/assessments/${onRetired}/report.pdf`).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdfText(pdf.body as Buffer)).toContain('Uploaded example');

    const preview = await org.get('/questionnaires/uploaded-example/1.0.1');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('This version is retired');
    const publicList = await org.get('/questionnaires');
    // Every version is retired: the list shows the newest, marked.
    expect(publicList.text).toMatch(/href="\/questionnaires\/uploaded-example\/2\.0\.0">[^<]+<\/a> <span class="tag retired">Retired<\/span>/);
    const adminPage = await admin.get('/admin/questionnaires');
    expect(adminPage.text).toContain('/admin/questionnaires/uploaded-example/1.0.1/restore');
    expect(await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'questionnaire.retired').execute()).toHaveLength(3);
  });

  it('restores a version: offered again', async () => {
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.0/restore')).status).toBe(303);
    expect((await org.get('/assessments')).text).toContain('value="uploaded-example"');
    expect(t.ctx.catalog.startable().find((q) => q.id === 'uploaded-example')!.version).toBe('1.0.0');
    expect((await stored('uploaded-example', '1.0.0'))!.retired_at).toBeNull();
  });

  it('never moves a draft onto a retired version', async () => {
    const id = await startAssessment(org, 'uploaded-example');
    // 1.0.1 and 2.0.0 are retired: nothing newer to move to.
    expect((await org.get(`/assessments/${id}/move`)).status).toBe(409);
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.1/restore')).status).toBe(303);
    const move = await org.get(`/assessments/${id}/move`);
    expect(move.status).toBe(200);
    expect(move.text).toContain('1.0.1');
    expect((await submitForm(admin, '/admin/questionnaires', {}, '/admin/questionnaires/uploaded-example/1.0.1/retire')).status).toBe(303);
    const moved = await org.post(`/assessments/${id}/move`).type('form').send({ _csrf: csrfTokenIn(move.text), version: '1.0.1' });
    expect(moved.status).toBe(409);
    expect((await t.ctx.db.selectFrom('assessments').select('questionnaire_version').where('id', '=', id).executeTakeFirstOrThrow()).questionnaire_version).toBe('1.0.0');
  });
});
