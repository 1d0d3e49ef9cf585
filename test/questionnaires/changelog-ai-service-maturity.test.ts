// ai-service-maturity 1.0.0 → 1.1.0: every requirement that differs between the two versions is named in
// questionnaires/CHANGELOG.md, and 1.1.0 keeps the design rules its changelog promises.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { parseQuestionnaireText } from '../../server/catalog/files.js';
import { isScored, placedQuestions, questionIndex, testedLevels, type PlacedQuestion } from '../../server/domain/questionnaire/model.js';
import type { Questionnaire } from '../../server/domain/questionnaire/schema.js';

const ID = 'ai-service-maturity';
const dir = resolve(projectRoot, 'questionnaires');

function load(version: string): Questionnaire {
  const file = `${ID}-${version}.yaml`;
  const outcome = parseQuestionnaireText(file, readFileSync(resolve(dir, file), 'utf8'));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.questionnaire;
}

/** The fields whose change gives a requirement a changelog entry, and where it sits. */
function signature(p: PlacedQuestion): Record<string, unknown> {
  const q = p.question;
  return {
    text: q.text,
    type: q.type,
    level: 'level' in q ? (q.level ?? null) : null,
    options: 'options' in q ? q.options : null,
    bands: q.type === 'number' ? (q.bands ?? null) : null,
    weight: q.weight,
    visibleWhen: q.visibleWhen ?? null,
    naAllowed: q.naAllowed,
    subDimension: p.subDimension.id,
  };
}

function differingIds(before: Questionnaire, after: Questionnaire): string[] {
  const a = questionIndex(before);
  const b = questionIndex(after);
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids].filter((id) => {
    const x = a.get(id);
    const y = b.get(id);
    return !x || !y || JSON.stringify(signature(x)) !== JSON.stringify(signature(y));
  });
}

/** This questionnaire's section of the changelog: from its heading to the next level-2 heading. */
function changelogSection(): string {
  const text = readFileSync(resolve(dir, 'CHANGELOG.md'), 'utf8');
  const start = text.indexOf(`## ${ID} 1.0.0 → 1.1.0`);
  expect(start, 'CHANGELOG.md has a section for this questionnaire').toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n## ', start + 3);
  return next < 0 ? text.slice(start) : text.slice(start, next);
}

const mentions = (text: string, id: string) => new RegExp(`(?<![\\w-])${id.replace(/[.]/g, '\\.')}(?![\\w-])`).test(text);

describe(`${ID} 1.0.0 → 1.1.0 changelog`, () => {
  const before = load('1.0.0');
  const after = load('1.1.0');
  const section = changelogSection();
  const differing = differingIds(before, after);

  it('loads both versions as distinct versions of the same questionnaire', () => {
    expect([before.id, before.version, after.id, after.version]).toEqual([ID, '1.0.0', ID, '1.1.0']);
    expect(differing.length).toBeGreaterThan(0);
  });

  it('names every id that was added, removed or changed (text, type, level, options, weight, visibleWhen, naAllowed)', () => {
    const missing = differing.filter((id) => !mentions(section, id));
    expect(missing).toEqual([]);
  });

  it('has one table row per differing id and no row for an unchanged one', () => {
    const rows = section
      .split('\n')
      .map((line) => /^\| ([a-z]{2}-\d{2}) \|/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(new Set(rows).size).toBe(rows.length);
    expect([...rows].sort()).toEqual([...differing].sort());
  });

  it('keeps the ids of unchanged requirements, so their answers carry over', () => {
    const kept = placedQuestions(before)
      .map((p) => p.question.id)
      .filter((id) => !differing.includes(id));
    const afterIds = new Set(placedQuestions(after).map((p) => p.question.id));
    for (const id of kept) expect(afterIds.has(id), id).toBe(true);
    expect(kept.length).toBeGreaterThan(60);
  });

  it('does not reuse the id of a removed requirement', () => {
    const afterIds = new Set(placedQuestions(after).map((p) => p.question.id));
    const removed = placedQuestions(before).filter((p) => !afterIds.has(p.question.id));
    expect(removed.map((p) => p.question.id).sort()).toEqual(['dl-13', 'en-11', 'op-08', 'se-04', 'se-05', 'sy-04']);
  });
});

describe(`${ID} 1.1.0 design rules`, () => {
  const q = load('1.1.0');
  const placed = placedQuestions(q);
  const byId = questionIndex(q);

  it('gates only on unscored counts that cannot be answered N/A', () => {
    const gates = new Set(placed.flatMap((p) => (p.question.visibleWhen ? [p.question.visibleWhen.question] : [])));
    expect([...gates].sort()).toEqual(['en-14', 'se-26']);
    for (const id of gates) {
      const gate = byId.get(id)!.question;
      expect(gate.type, id).toBe('number');
      expect(isScored(gate), id).toBe(false);
      expect(gate.naAllowed, id).toBe(false);
    }
  });

  it('has at least two requirements per dimension and level that are neither ladders nor gated', () => {
    for (const d of q.dimensions) {
      const counts = [0, 0, 0, 0, 0];
      for (const s of d.subDimensions)
        for (const question of s.questions)
          if (question.type !== 'ladder' && !question.visibleWhen) for (const k of testedLevels(question)) counts[k - 1]++;
      expect(counts.every((n) => n >= 2), `${d.id}: ${counts.join(' ')}`).toBe(true);
    }
  });

  it('weights self-placement ladders at most 0.5, and gives each ladder observable company at every level of its item', () => {
    const ladders = placed.filter((p) => p.question.type === 'ladder');
    expect(ladders.map((p) => p.question.id).sort()).toEqual(['en-06', 'se-03', 'va-02']);
    for (const { question, subDimension } of ladders) {
      expect(question.weight, question.id).toBeLessThanOrEqual(0.5);
      for (const k of [1, 2, 3, 4, 5]) {
        const others = subDimension.questions.filter((x) => x.type !== 'ladder' && testedLevels(x).includes(k));
        expect(others.length, `${subDimension.id} level ${k}`).toBeGreaterThan(0);
      }
    }
  });

  it('asks for the reason wherever N/A is allowed', () => {
    const na = placed.filter((p) => p.question.naAllowed);
    expect(na.map((p) => p.question.id).sort()).toEqual(['se-07', 'se-09']);
    for (const { question } of na) {
      expect(question.guidance?.['zh-CN'], question.id).toMatch(/不适用.*说明/);
      expect(question.guidance?.en, question.id).toMatch(/not applicable, with a reason/i);
    }
  });

  it('has recommendations that stand alone (no reference to another question or statement)', () => {
    for (const { question } of placed) {
      const rec = question.recommendation;
      if (!rec) continue;
      expect(rec['zh-CN'], question.id).not.toMatch(/上一题|上题|前一题|上一级描述|上一级的描述/);
      expect(rec.en, question.id).not.toMatch(/previous question|question above|next statement up/i);
    }
  });

  it('cites GB/T 45907-2025 and says it is a self-assessment, not a formal grade', () => {
    expect(q.description['zh-CN']).toMatch(/GB\/T 45907-2025/);
    expect(q.description.en).toMatch(/GB\/T 45907-2025/);
    for (const fragment of [/GB\/T 45907-2025/, /自评/, /不是[^。]*符合性评估/, /第三方评估机构/]) expect(q.notice?.['zh-CN']).toMatch(fragment);
    for (const fragment of [/GB\/T 45907-2025/, /self-assessment/, /not a conformity assessment/, /accredited third-party/]) expect(q.notice?.en).toMatch(fragment);
  });
});
