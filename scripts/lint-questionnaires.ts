// `npm run lint:questionnaires [DIR]`: validates every questionnaire file and prints each problem
// as FILE: PATH: MESSAGE. Exits 1 when any file is bad.
import { resolve } from 'node:path';
import { projectRoot } from '../server/config.js';
import { checkQuestionnaireDir } from '../server/catalog/files.js';

const dir = resolve(process.argv[2] ?? resolve(projectRoot, 'questionnaires'));
const { questionnaires, bad } = checkQuestionnaireDir(dir);
for (const f of bad) for (const p of f.problems) console.error(`${f.file}: ${p.path}: ${p.message}`);
for (const q of questionnaires) console.log(`ok ${q.id}@${q.version}`);
process.exitCode = bad.length ? 1 : 0;
