import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanFileName, MAX_NAME_LENGTH } from '../../server/domain/evidence.js';
import { DatabaseBlobStore } from '../../server/evidence/db-store.js';
import { listSignedReports } from '../../server/record/signed-repo.js';
import { agent, answerSection, csrfTokenIn, createTestApp, registerOrg, setupAdmin, startAssessment, type Agent, type TestApp } from '../helpers/app.js';
import { binaryParser, pdfText } from '../helpers/pdf.js';
import { createConsultant, GOV, login, review, submit, TECH } from '../helpers/review.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** "MZ" and a minimal PE header: what file-type recognises as a Windows executable. */
function windowsExecutable(): Buffer {
  const bytes = Buffer.alloc(512);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}

/** Bytes no signature matches and that are not UTF-8 text (NUL bytes, lone continuation bytes). */
const BINARY = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MIB = 1024 * 1024;

const sectionOf = (id: string, dimension = 'gov') => `/assessments/${id}/sections/${dimension}`;

async function upload(a: Agent, id: string, questionId: string, name: string, bytes: Buffer, dimension = 'gov') {
  const page = await a.get(sectionOf(id, dimension));
  // As the browser sends the form: the token first, then the file.
  return a.post(`/assessments/${id}/questions/${questionId}/evidence`).field('_csrf', csrfTokenIn(page.text)).attach('file', bytes, name);
}

/** Uploads and follows the redirect back to the section page. */
async function uploadAndShow(a: Agent, id: string, questionId: string, name: string, bytes: Buffer) {
  const res = await upload(a, id, questionId, name, bytes);
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`${sectionOf(id)}#evidence-${questionId}`);
  return (await a.get(sectionOf(id))).text;
}

const download = (a: Agent, href: string) => a.get(href).buffer(true).parse(binaryParser);

/** The download links of a section page, by file name. */
function links(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<a href="(\/assessments\/[^"]+\/evidence\/[^"]+)">([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]));
}

async function removeFile(a: Agent, id: string, href: string) {
  const page = await a.get(sectionOf(id));
  return a.post(`${href}/remove`).type('form').send({ _csrf: csrfTokenIn(page.text) });
}

let t: TestApp;
let admin: Agent;
let org: Agent;
let id: string;

beforeAll(async () => {
  t = await createTestApp({ EVIDENCE_MAX_FILE_MB: '1', EVIDENCE_MAX_ASSESSMENT_MB: '2' });
  admin = agent(t.app);
  await setupAdmin(admin);
  org = agent(t.app, 'en');
  await registerOrg(org, 'evidence@example.com', '证据公司');
  id = await startAssessment(org);
});
afterAll(() => t.close());

describe('attaching evidence to an answer', () => {
  it('accepts a PDF and a PNG, and lists them under their question with type, size and uploader', async () => {
    await uploadAndShow(org, id, 'g-1', 'policy.pdf', PDF);
    const html = await uploadAndShow(org, id, 'g-1', 'org-chart.png', PNG);
    expect(html).toContain('File attached.');
    const block = html.slice(html.indexOf('id="evidence-g-1"'), html.indexOf('id="evidence-g-2"'));
    expect(block).toContain('policy.pdf');
    expect(block).toContain('(PDF,');
    expect(block).toContain('org-chart.png');
    expect(block).toContain('(PNG, 70 B)');
    expect(block).toContain('uploaded by 张三');
    const rows = await t.ctx.db.selectFrom('evidence_files').select(['name', 'mime', 'sha256', 'size']).where('assessment_id', '=', id).orderBy('uploaded_at').execute();
    expect(rows).toEqual([
      { name: 'policy.pdf', mime: 'application/pdf', sha256: sha256(PDF), size: PDF.length },
      { name: 'org-chart.png', mime: 'image/png', sha256: sha256(PNG), size: PNG.length },
    ]);
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('assessment_id', '=', id).where('action', '=', 'assessment.evidence-attached').execute();
    expect(audit).toHaveLength(2);
  });

  it('shows an upload field with a label, the accepted types and the limits', async () => {
    const html = (await org.get(sectionOf(id))).text;
    expect(html).toContain('<label for="evidence-file-g-2">Attach a file as evidence</label>');
    expect(html).toMatch(/<input type="file" id="evidence-file-g-2" name="file" form="evidence-upload-g-2" accept="[^"]*\.pdf[^"]*\.docx[^"]*"/);
    expect(html).toContain('At most 1 MB per file and 2 MB for the whole assessment.');
    expect(html).toContain(`<form id="evidence-upload-g-2" method="post" enctype="multipart/form-data" action="/assessments/${id}/questions/g-2/evidence">`);
  });

  it('refuses an .exe renamed .pdf, naming what the content is, next to the field', async () => {
    const html = await uploadAndShow(org, id, 'g-2', 'report.pdf', windowsExecutable());
    expect(html).toContain('<p class="field-error" id="evidence-file-g-2-err" role="alert">“report.pdf” was refused: it is named .pdf, but the content is a Windows executable (exe), not an accepted type.</p>');
    expect(html).toMatch(/id="evidence-file-g-2"[^>]*aria-describedby="evidence-file-g-2-hint evidence-file-g-2-err"[^>]* aria-invalid="true"/);
    // Shown once, then gone.
    expect((await org.get(sectionOf(id))).text).not.toContain('evidence-file-g-2-err');
  });

  it('refuses binary content of no recognised type', async () => {
    const html = await uploadAndShow(org, id, 'g-2', 'data.bin', BINARY);
    expect(html).toContain('“data.bin” was refused: its content is neither a PDF, PNG, JPEG or Office document nor UTF-8 text.');
  });

  it('accepts a UTF-8 CSV with Chinese text and a Chinese name as text/csv, and downloads it byte for byte', async () => {
    const csv = Buffer.from('\uFEFF名称,负责人\n数据治理委员会,王五\n', 'utf8');
    const html = await uploadAndShow(org, id, 'g-2', '数据治理清单.csv', csv);
    const href = links(html).get('数据治理清单.csv')!;
    expect(href).toBeDefined();
    const res = await download(org, href);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, csv)).toBe(0);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="??????.csv"; filename*=UTF-8''${encodeURIComponent('数据治理清单')}.csv`);
  });

  it('downloads what was uploaded, as an attachment with the sniffed type and nosniff', async () => {
    const html = (await org.get(sectionOf(id))).text;
    const res = await download(org, links(html).get('org-chart.png')!);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body as Buffer, PNG)).toBe(0);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-length']).toBe(String(PNG.length));
    expect(res.headers['content-disposition']).toBe('attachment; filename=org-chart.png');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a file over the size limit, naming the limit', async () => {
    const big = Buffer.alloc(MIB + 10, 'a');
    const html = await uploadAndShow(org, id, 'g-4', 'big.txt', big);
    expect(html).toContain('“big.txt” is larger than the limit of 1 MB per file.');
    const rows = await t.ctx.db.selectFrom('evidence_files').select('name').where('name', '=', 'big.txt').execute();
    expect(rows).toEqual([]);
  });

  it('refuses a file that would take the assessment over its total', async () => {
    const other = await startAssessment(org);
    const part = Buffer.alloc(900 * 1024, 'b');
    for (const name of ['a.txt', 'b.txt']) {
      expect((await upload(org, other, 'g-1', name, part)).status).toBe(303);
    }
    const html = (await org.get(sectionOf(other))).text;
    expect(html).toContain('b.txt');
    expect(await uploadAndShow(org, other, 'g-1', 'c.txt', part)).toContain('“c.txt” does not fit: this assessment&#39;s evidence would exceed its limit of 2 MB');
    // Removing a file makes room again.
    expect((await removeFile(org, other, links(html).get('a.txt')!)).status).toBe(303);
    expect(await uploadAndShow(org, other, 'g-1', 'c.txt', part)).toContain('File attached.');
  });

  it('refuses a form without its CSRF token', async () => {
    const res = await org.post(`/assessments/${id}/questions/g-1/evidence`).set('Accept', 'application/json').attach('file', PDF, 'x.pdf');
    expect(res.status).toBe(403);
    const rows = await t.ctx.db.selectFrom('evidence_files').select('name').where('name', '=', 'x.pdf').execute();
    expect(rows).toEqual([]);
  });

  it("refuses another organization's member: 403 on download and on upload", async () => {
    const stranger = agent(t.app, 'en');
    await registerOrg(stranger, 'stranger@example.com', '别家公司');
    const href = links((await org.get(sectionOf(id))).text).get('policy.pdf')!;
    expect((await stranger.get(href)).status).toBe(403);
    const ownPage = await stranger.get('/assessments');
    const res = await stranger
      .post(`/assessments/${id}/questions/g-1/evidence`)
      .field('_csrf', csrfTokenIn(ownPage.text))
      .attach('file', PDF, 'intruder.pdf');
    expect(res.status).toBe(403);
    const rows = await t.ctx.db.selectFrom('evidence_files').select('name').where('name', '=', 'intruder.pdf').execute();
    expect(rows).toEqual([]);
  });

  it('answers 404 for a file of another assessment', async () => {
    const other = await startAssessment(org);
    const href = links((await org.get(sectionOf(id))).text).get('policy.pdf')!;
    expect((await org.get(href.replace(id, other))).status).toBe(404);
  });
});

describe('removing evidence', () => {
  it('removes a file while the assessment is a draft: no longer downloadable, still in the history', async () => {
    const html = await uploadAndShow(org, id, 'g-4', 'draft-notes.txt', Buffer.from('draft notes\n'));
    const href = links(html).get('draft-notes.txt')!;
    expect((await download(org, href)).status).toBe(200);
    const removed = await removeFile(org, id, href);
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`${sectionOf(id)}#evidence-g-4`);
    const after = (await org.get(sectionOf(id))).text;
    expect(links(after).has('draft-notes.txt')).toBe(false);
    expect(after).toContain('<del>draft-notes.txt</del>');
    expect(after).toMatch(/removed by 张三, /);
    expect((await org.get(href)).status).toBe(404);
    expect((await removeFile(org, id, href)).status).toBe(404);
    const audit = await t.ctx.db.selectFrom('audit_log').select('detail_json').where('assessment_id', '=', id).where('action', '=', 'assessment.evidence-removed').execute();
    expect(audit.map((r) => JSON.parse(r.detail_json).name)).toEqual(['draft-notes.txt']);
    expect((await org.get(`/assessments/${id}`)).text).toContain('Evidence removed (g-4: draft-notes.txt)');
  });
});

describe('evidence through review and sign-off', () => {
  let signed: string;
  let consultant: Agent;
  let client: Agent;

  beforeAll(async () => {
    client = agent(t.app, 'en');
    await registerOrg(client, 'signed@example.com', '签字公司');
    signed = await startAssessment(client);
    await answerSection(client, signed, 'gov', GOV);
    await answerSection(client, signed, 'tech', TECH);
    expect((await upload(client, signed, 'g-1', 'policy.pdf', PDF)).status).toBe(303);
    expect((await upload(client, signed, 't-1', 'inventory.csv', Buffer.from('model,owner\nchurn,ops\n'))).status).toBe(303);
    expect((await submit(client, signed)).status).toBe(303);
    await createConsultant(admin, '王顾问', 'wang@consult.example', '签字公司');
    consultant = await login(t, 'wang@consult.example');
  });

  it('refuses removal and upload once submitted (409), and shows the evidence read-only to the consultant', async () => {
    const page = (await client.get(sectionOf(signed))).text;
    const href = links(page).get('policy.pdf')!;
    expect(page).not.toContain('evidence-upload-g-1');
    expect(page).not.toContain(`${href}/remove`);
    const res = await client.post(`${href}/remove`).type('form').send({ _csrf: csrfTokenIn(page) });
    expect(res.status).toBe(409);
    expect((await upload(client, signed, 'g-2', 'late.pdf', PDF)).status).toBe(409);

    const seen = (await consultant.get(sectionOf(signed))).text;
    expect(links(seen).get('policy.pdf')).toBe(href);
    expect(seen).not.toContain('type="file"');
    expect((await download(consultant, href)).status).toBe(200);
  });

  it('freezes the evidence in the signed snapshot and prints name and short hash in the signed PDF', async () => {
    expect((await review(consultant, signed, 'start-review')).status).toBe(303);
    expect((await review(consultant, signed, 'finalize')).status).toBe(303);
    const [report] = await listSignedReports(t.ctx.db, signed);
    expect(report.snapshot.evidence).toEqual({
      'g-1': [{ name: 'policy.pdf', sha256: sha256(PDF) }],
      't-1': [{ name: 'inventory.csv', sha256: sha256(Buffer.from('model,owner\nchurn,ops\n')) }],
    });
    const pdf = await client.get(`/assessments/${signed}/report.pdf?lang=en`).buffer(true).parse(binaryParser);
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body as Buffer).replace(/\s+/g, '');
    expect(text).toContain(`policy.pdf(${sha256(PDF).slice(0, 8)})`);
    expect(text).toContain('inventory.csv(');
    expect(text).toContain('Evidence');
  });
});

describe('the database blob store', () => {
  it('keeps bytes in chunks and streams them back whole, from a buffer or a stream', async () => {
    const store = new DatabaseBlobStore(t.ctx.db, 1000);
    const bytes = randomBytes(4500);
    const stored = await store.put(bytes);
    expect(stored).toEqual({ key: stored.key, size: 4500, sha256: sha256(bytes) });
    const chunks = await t.ctx.db.selectFrom('blob_chunks').select(['seq', 'data']).where('blob_key', '=', stored.key).orderBy('seq').execute();
    expect(chunks.map((c) => [c.seq, c.data.length])).toEqual([[0, 1000], [1, 1000], [2, 1000], [3, 1000], [4, 500]]);
    const back: Buffer[] = [];
    for await (const chunk of store.open(stored.key)) back.push(chunk as Buffer);
    expect(back.map((c) => c.length)).toEqual([1000, 1000, 1000, 1000, 500]);
    expect(Buffer.compare(Buffer.concat(back), bytes)).toBe(0);

    // Pieces of odd sizes from a stream are cut into the same chunks.
    const pieces = [bytes.subarray(0, 10), bytes.subarray(10, 2999), bytes.subarray(2999)];
    const streamed = await store.put(Readable.from(pieces));
    expect(streamed.sha256).toBe(stored.sha256);
    const again: Buffer[] = [];
    for await (const chunk of store.open(streamed.key)) again.push(chunk as Buffer);
    expect(Buffer.compare(Buffer.concat(again), bytes)).toBe(0);

    await store.remove(stored.key);
    expect(await t.ctx.db.selectFrom('blob_chunks').select('seq').where('blob_key', '=', stored.key).execute()).toEqual([]);
  });

  it('writes inside the caller\'s transaction: a rollback leaves no chunk behind', async () => {
    const store = new DatabaseBlobStore(t.ctx.db, 1000);
    let key = '';
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        key = (await store.put(randomBytes(2500), trx)).key;
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await t.ctx.db.selectFrom('blob_chunks').select('seq').where('blob_key', '=', key).execute()).toEqual([]);
  });
});

describe('file names as stored', () => {
  it('keeps the last path segment, drops control and direction-override characters, and caps the length keeping the extension', () => {
    expect(cleanFileName('C:\\Users\\张三\\报告.pdf')).toBe('报告.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('in\u0000voice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('  \u0007 ')).toBe('file');
    const long = cleanFileName(`${'很长的名字'.repeat(60)}.xlsx`);
    expect([...long]).toHaveLength(MAX_NAME_LENGTH);
    expect(long.endsWith('字.xlsx')).toBe(true);
  });
});
