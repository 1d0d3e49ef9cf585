// The programme export's filters as its URL carries them: the review queue's (organization,
// questionnaire, last-change days, search) and optionally one of its stages; no stage means every status.
import { z } from 'zod';
import { QUEUE_GROUPS, QueueQuerySchema, toQuery, type QueueGroup } from '../queue/query.js';
import type { ProgrammeFilters } from './programme-repo.js';

export const ProgrammeQuerySchema = QueueQuerySchema.pick({ orgId: true, questionnaireId: true, from: true, to: true, search: true })
  .extend({ group: z.enum(Object.keys(QUEUE_GROUPS) as [QueueGroup, ...QueueGroup[]]).optional().catch(undefined) })
  .transform((f): ProgrammeFilters => {
    const { from, to } = toQuery({ ...f, group: 'waiting', sort: 'updated-desc', page: 1 });
    return { orgId: f.orgId, questionnaireId: f.questionnaireId, search: f.search, from, to, statuses: f.group ? QUEUE_GROUPS[f.group] : undefined };
  });
