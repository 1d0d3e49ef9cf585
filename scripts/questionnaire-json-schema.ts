// Writes questionnaires/schema/questionnaire.schema.json from the zod schema, so questionnaire
// authors get completion and checks in their editor. A test keeps the file in sync.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from '../server/config.js';
import { questionnaireJsonSchema } from '../server/domain/questionnaire/json-schema.js';

export const schemaFile = resolve(projectRoot, 'questionnaires', 'schema', 'questionnaire.schema.json');
writeFileSync(schemaFile, questionnaireJsonSchema());
console.log(`wrote ${schemaFile}`);
