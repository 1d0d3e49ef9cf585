// Helpers of the publishing tests: an uploadable questionnaire and the upload form as a browser posts it.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csrfTokenIn, type Agent } from '../helpers/app.js';
import { fixtureQuestionnaireDir } from '../helpers/questionnaires.js';

/** The worked example as a new questionnaire of its own: `uploaded-example`, titled so that pages and PDFs can be told apart. */
export function uploadedExample(version = '1.0.0'): string {
  return readFileSync(resolve(fixtureQuestionnaireDir, 'worked-example.yaml'), 'utf8')
    .replace(/^id: worked-example$/m, 'id: uploaded-example')
    .replace(/^version: 1\.0\.0$/m, `version: ${version}`)
    .replace('zh-CN: 计分示例问卷', 'zh-CN: 上传示例问卷')
    .replace('en: Worked scoring example', 'en: Uploaded example');
}

/** Posts the upload form as a browser does: multipart, the page's CSRF token, then the file or the pasted text. */
export async function upload(a: Agent, text: string, name: string | null = 'uploaded.yaml') {
  const page = await a.get('/admin/questionnaires');
  const req = a.post('/admin/questionnaires').field('_csrf', csrfTokenIn(page.text));
  return name === null ? req.field('source', text) : req.attach('file', Buffer.from(text, 'utf8'), name);
}

