// The questionnaire schema as JSON Schema (as authors write files: defaults are optional).
import { z } from 'zod';
import { Questionnaire } from './schema.js';

export function questionnaireJsonSchema(): string {
  const schema = z.toJSONSchema(Questionnaire, { io: 'input', unrepresentable: 'any' });
  return JSON.stringify({ ...schema, title: 'Zhiping questionnaire', $id: 'questionnaire.schema.json' }, null, 2) + '\n';
}
