import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.js';
import { Question } from '../../server/domain/questionnaire/schema.js';
import { QUESTION_TYPES } from '../../server/domain/questionnaire/types/index.js';

describe('question types', () => {
  it('has a module and a view partial for every type the schema accepts', () => {
    const types = Question.options.map((o) => o.shape.type.value);
    expect(Object.keys(QUESTION_TYPES).sort()).toEqual([...types].sort());
    for (const type of types) expect(existsSync(resolve(projectRoot, 'views', 'questions', `${type}.ejs`)), type).toBe(true);
  });
});
