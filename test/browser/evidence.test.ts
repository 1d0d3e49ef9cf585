import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserScenario, hasChromium, type BrowserScenario } from '../helpers/browser.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.skipIf(!hasChromium)('evidence in a real browser, without the page script', () => {
  let scenario: BrowserScenario;
  beforeAll(async () => {
    scenario = await browserScenario({ signedIn: true });
  });
  afterAll(() => scenario?.close());

  it('uploads through the form under a question, shows a refusal next to the field, and removes a file', async () => {
    const { browser, server, assessmentId } = scenario;
    const page = await browser.newPage();
    // No autosave script: the forms must work as plain HTML.
    await page.route('**/static/js/*.js', (route) => route.abort());
    await page.goto(`${server.url}/assessments/${assessmentId}/sections/platform`);
    const field = page.locator('input[type="file"]').first();
    const fieldId = (await field.getAttribute('id'))!;
    const questionId = fieldId.replace('evidence-file-', '');
    expect(await page.locator(`label[for="${fieldId}"]`).textContent()).toBe('上传文件作为佐证');

    await field.setInputFiles({ name: '数据平台架构.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForURL(new RegExp(`#evidence-${questionId}$`)), page.locator(`button[form="evidence-upload-${questionId}"]`).click()]);
    const block = page.locator(`#evidence-${questionId}`);
    expect(await block.locator('a').first().textContent()).toBe('数据平台架构.pdf');

    await page.locator(`#${fieldId}`).setInputFiles({ name: 'setup.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00not really a pdf', 'latin1') });
    await Promise.all([page.waitForURL(/#evidence-/), page.locator(`button[form="evidence-upload-${questionId}"]`).click()]);
    const error = page.locator(`#${fieldId}-err`);
    expect(await error.textContent()).toContain('“setup.pdf”未被接受');
    expect(await page.locator(`#${fieldId}`).getAttribute('aria-describedby')).toContain(`${fieldId}-err`);

    await Promise.all([page.waitForURL(/#evidence-/), block.locator('button', { hasText: '移除' }).click()]);
    expect(await block.locator('del').textContent()).toBe('数据平台架构.pdf');
    await page.close();
  });
});
