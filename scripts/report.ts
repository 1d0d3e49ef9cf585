// `npm run -s report -- ANSWERS.json --lang zh-CN|en --out FILE.pdf [--questionnaire-file FILE]`:
// renders a draft maturity report for an answers file, without a database.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadBatchInput } from '../server/batch/answers-file.js';
import { snapshotOfAnswers } from '../server/domain/record/snapshot-of-answers.js';
import { isLocale } from '../server/i18n.js';
import { buildReportModel } from '../server/reports/model.js';
import { renderReportPdf } from '../server/reports/pdf.js';
import { runCli } from './cli.js';

runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { lang: { type: 'string', default: 'zh-CN' }, out: { type: 'string' }, 'questionnaire-file': { type: 'string' } },
  });
  const usage = 'usage: npm run -s report -- ANSWERS.json --lang zh-CN|en --out FILE.pdf [--questionnaire-file FILE]';
  if (positionals.length !== 1 || !values.out) throw new Error(usage);
  if (!isLocale(values.lang)) throw new Error(`--lang must be zh-CN or en\n${usage}`);
  const { file, questionnaire: q, answers, weightProfile } = loadBatchInput(positionals[0], { questionnaireFile: values['questionnaire-file'] });
  const now = new Date().toISOString();
  const snapshot = snapshotOfAnswers({ questionnaire: q, answers, weightProfile, organization: { name: file.organization ?? '—' }, title: `${q.id}@${q.version}`, takenAt: now });
  const model = buildReportModel({ questionnaire: q, snapshot, generatedAt: now }, values.lang);
  writeFileSync(values.out, await renderReportPdf(model));
  process.stderr.write(`wrote ${values.out}\n`);
});
