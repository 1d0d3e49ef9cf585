// Every requirement that differs between enterprise-ai-maturity 1.0.0 and 1.1.0 is named in that
// questionnaire's section of questionnaires/CHANGELOG.md (compared: type, text, level, options, weight,
// visibleWhen, naAllowed, bands).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { loadQuestionnaireDir } from '../../server/catalog/files.js';
import { placedQuestions } from '../../server/domain/questionnaire/model.js';
import type { Question, Questionnaire } from '../../server/domain/questionnaire/schema.js';

const ID = 'enterprise-ai-maturity';
const FROM = '1.0.0';
const TO = '1.1.0';
const dir = resolve(projectRoot, 'questionnaires');

/** The fields whose change changes what a question asks or how it counts. */
const COMPARED = ['type', 'text', 'level', 'options', 'weight', 'visibleWhen', 'naAllowed', 'bands'] as const;

function questionsById(q: Questionnaire): Map<string, Question> {
  return new Map(placedQuestions(q).map((p) => [p.question.id, p.question]));
}

function changedFields(a: Question, b: Question): string[] {
  const pick = (q: Question, f: string) => JSON.stringify((q as Record<string, unknown>)[f] ?? null);
  return COMPARED.filter((f) => pick(a, f) !== pick(b, f));
}

/** This questionnaire's section: from its "## … enterprise-ai-maturity …" heading to the next "## " heading. */
function section(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## ') && l.includes(ID));
  expect(start, `a "## … ${ID} …" heading in CHANGELOG.md`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

const mentions = (text: string, id: string) => new RegExp(`(?<![A-Za-z0-9.-])${id.replace(/[.]/g, '\\.')}(?![A-Za-z0-9-])`).test(text);

describe(`the changelog of ${ID} ${FROM} → ${TO}`, () => {
  const all = loadQuestionnaireDir(dir);
  const from = all.find((q) => q.id === ID && q.version === FROM)!;
  const to = all.find((q) => q.id === ID && q.version === TO)!;
  const before = questionsById(from);
  const after = questionsById(to);
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const changed = [...after.keys()].filter((id) => before.has(id) && changedFields(before.get(id)!, after.get(id)!).length > 0);
  const text = section(readFileSync(resolve(dir, 'CHANGELOG.md'), 'utf8'));

  it('finds both versions', () => {
    expect(from).toBeDefined();
    expect(to).toBeDefined();
  });

  it('names every added, removed and changed question', () => {
    const differing = [...removed, ...added, ...changed];
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.filter((id) => !mentions(text, id))).toEqual([]);
  });

  it('keeps st-05 (adjusted by the demo seed) unchanged', () => {
    expect(changedFields(before.get('st-05')!, after.get('st-05')!)).toEqual([]);
  });
});
