// `npm run -s score -- ANSWERS.json [--questionnaire-file FILE]`: scores an answers file and prints
// the result as JSON. Any problem is printed to stderr with a non-zero exit.
import { parseArgs } from 'node:util';
import { loadBatchInput } from '../server/batch/answers-file.js';
import { questionIndex } from '../server/domain/questionnaire/model.js';
import { scoreAssessment } from '../server/domain/scoring/score.js';
import { runCli } from './cli.js';

runCli(() => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'questionnaire-file': { type: 'string' }, 'weight-profile': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('usage: npm run -s score -- ANSWERS.json [--questionnaire-file FILE] [--weight-profile ID]');
  const { questionnaire: q, answers, weightProfile } = loadBatchInput(positionals[0], {
    questionnaireFile: values['questionnaire-file'],
    weightProfile: values['weight-profile'],
  });
  const result = scoreAssessment(q, answers, { weightProfile });
  const index = questionIndex(q);
  const recommendation = (id: string) => index.get(id)?.question.recommendation;
  const output = {
    questionnaire: q.id,
    version: q.version,
    weightProfile: result.weightProfile,
    status: result.status,
    level: result.level,
    score: result.score,
    band: result.band,
    bandName: result.band ? q.levels[result.band - 1].name : null,
    levelScores: result.levelScores,
    answeredShare: result.answeredShare,
    answeredCount: result.answeredCount,
    applicableCount: result.applicableCount,
    provisional: result.provisional,
    dimensions: result.dimensions.map((d) => ({ id: d.id, level: d.level, score: d.score, levelScores: d.levelScores })),
    gap: result.gap && {
      targetLevel: result.gap.targetLevel,
      delta: result.gap.delta,
      plan: result.gap.plan.map((p) => p.questionId),
      items: result.gap.plan.map((p) => ({ ...p, recommendation: recommendation(p.questionId) ?? null })),
    },
  };
  process.stdout.write(JSON.stringify(output, null, 2) + '\n');
});
