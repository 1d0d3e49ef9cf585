// The questionnaires' changelog (CHANGELOG.md beside the questionnaire files) as HTML, read once.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';

const cache = new Map<string, string>();

export function changelogHtml(questionnaireDir: string): string {
  const cached = cache.get(questionnaireDir);
  if (cached !== undefined) return cached;
  const file = join(questionnaireDir, 'CHANGELOG.md');
  const html = existsSync(file) ? (marked.parse(readFileSync(file, 'utf8'), { async: false }) as string) : '';
  cache.set(questionnaireDir, html);
  return html;
}
