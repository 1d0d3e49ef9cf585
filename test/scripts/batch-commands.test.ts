import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { pdfText } from '../helpers/pdf.js';
import { fixturesDir, fixtureQuestionnaireDir } from '../helpers/questionnaires.js';

// The commands as `npm run -s score|report --` run them: the built scripts (built by `pretest`).
function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, [resolve(projectRoot, 'dist', 'scripts', `${script}.js`), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const workedAnswers = resolve(fixturesDir, 'worked-example-answers.json');
const workedQuestionnaire = resolve(fixtureQuestionnaireDir, 'worked-example.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'zhiping-cli-'));

function answersFile(content: unknown): string {
  const file = join(tmp, `answers-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

describe('npm run score', () => {
  it('prints the worked example of DESIGN.md as JSON', () => {
    const { code, stdout } = run('score', [workedAnswers, '--questionnaire-file', workedQuestionnaire]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ status: 'ok', level: 2, score: 2.47, band: 2, levelScores: [0.9167, 0.825, 0.47, 0, 0] });
    expect(result.gap.delta).toBe(0.33);
    expect(result.gap.plan[0]).toBe('A-L3-2');
    expect(result.gap.items[0].recommendation.en).toBe('Put A-L3-2 in place');
    expect(result.dimensions.map((d: { id: string; level: number }) => [d.id, d.level])).toEqual([['A', 2], ['B', 1], ['C', 2]]);
  });

  it('scores a shipped questionnaire found by id and version', () => {
    const { code, stdout } = run('score', [resolve(fixturesDir, 'enterprise-answers.json')]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).dimensions).toHaveLength(8);
  });

  it('refuses an unknown question id, an invalid value and a disallowed N/A, naming each', () => {
    const answers = JSON.parse(readFileSync(workedAnswers, 'utf8'));
    const file = answersFile({ ...answers, answers: { ...answers.answers, 'no-such-q': 1, 'A-L1-1': 0.7, 'A-L1-2': 'na' } });
    const { code, stdout, stderr } = run('score', [file, '--questionnaire-file', workedQuestionnaire]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('answers.no-such-q: unknown question id');
    expect(stderr).toContain('answers.A-L1-1: invalid value 0.7');
    expect(stderr).toContain('answers.A-L1-2: this question does not allow "na"');
  });

  it('refuses an unknown questionnaire', () => {
    const { code, stderr } = run('score', [answersFile({ questionnaire: 'nope', version: '9.9.9', answers: {} })]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown questionnaire nope@9.9.9');
  });

  it('refuses a file that is not JSON', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '{ not json');
    const { code, stderr } = run('score', [file]);
    expect(code).toBe(2);
    expect(stderr).toContain('not valid JSON');
  });
});

describe('npm run report', () => {
  it('writes a PDF in the chosen language', () => {
    const out = join(tmp, 'report.pdf');
    const { code, stderr } = run('report', [workedAnswers, '--lang', 'en', '--out', out, '--questionnaire-file', workedQuestionnaire]);
    expect(code, stderr).toBe(0);
    const text = pdfText(readFileSync(out));
    expect(text).toContain('AI Capability Maturity Report');
    expect(text).toContain('2.47');
    expect(text).toContain('Put A-L3-2 in place');
  });

  it('refuses an unknown language', () => {
    const { code, stderr } = run('report', [workedAnswers, '--lang', 'fr', '--out', join(tmp, 'x.pdf')]);
    expect(code).toBe(2);
    expect(stderr).toContain('--lang must be zh-CN or en');
  });
});
