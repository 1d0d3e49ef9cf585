// `npm run -s score -- ANSWERS.json [--questionnaire-file FILE]`: scores an answers file and prints
// the result as JSON. Any problem is printed to stderr with a non-zero exit.
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config.js';
import { answersFor, parseAnswersFile, questionnaireFor, readJsonFile } from '../server/batch/answers-file.js';
import { scoreAssessment } from '../server/domain/scoring/score.js';
import { QuestionnaireCatalog } from '../server/catalog/catalog.js';
import { loadQuestionnaireDir } from '../server/catalog/files.js';
import { runCli } from './cli.js';

runCli(() => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'questionnaire-file': { type: 'string' }, 'weight-profile': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error('usage: npm run -s score -- ANSWERS.json [--questionnaire-file FILE] [--weight-profile ID]');
  const file = parseAnswersFile(readJsonFile(positionals[0]));
  const catalog = new QuestionnaireCatalog(values['questionnaire-file'] ? [] : loadQuestionnaireDir(readConfig().questionnaireDir));
  const q = questionnaireFor(file, catalog, values['questionnaire-file']);
  const weightProfile = values['weight-profile'] ?? file.weightProfile;
  if (weightProfile && !q.weightProfiles.some((p) => p.id === weightProfile))
    throw new Error(`unknown weight profile "${weightProfile}" (known: ${q.weightProfiles.map((p) => p.id).join(', ') || 'none'})`);
  const result = scoreAssessment(q, answersFor(q, file), { weightProfile });
  const recommendation = (id: string) => q.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions)).find((x) => x.id === id)?.recommendation;
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
