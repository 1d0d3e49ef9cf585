// The review queue's filters, sort and page as the URL carries them (GET, so a filtered queue can be
// bookmarked and shared), parsed with zod: anything unknown falls back to the default.
import { z } from 'zod';

export const QUEUE_GROUPS = {
  waiting: ['submitted'],
  'in-review': ['in_review'],
  changes: ['changes_requested'],
  signed: ['finalized'],
  drafts: ['draft'],
} as const;

export type QueueGroup = keyof typeof QUEUE_GROUPS;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const optionalText = (max: number) => z.string().trim().max(max).optional().catch(undefined).transform((v) => v || undefined);

export const QueueQuerySchema = z.object({
  group: z.enum(Object.keys(QUEUE_GROUPS) as [QueueGroup, ...QueueGroup[]]).catch('waiting'),
  orgId: optionalText(100),
  questionnaireId: optionalText(100),
  /** Last changed on or after this day (UTC). */
  from: day.optional().catch(undefined),
  /** Last changed on or before this day. */
  to: day.optional().catch(undefined),
  search: optionalText(100),
  sort: z.enum(['updated-desc', 'updated-asc', 'org', 'level-desc', 'level-asc']).catch('updated-desc'),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});

export type QueueFilters = z.infer<typeof QueueQuerySchema>;

/** The filters as the database query takes them: day bounds as ISO instants. */
export interface QueueQuery extends Omit<QueueFilters, 'from' | 'to'> {
  from?: string;
  to?: string;
}

export function toQuery(f: QueueFilters): QueueQuery {
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
  return { ...f, from: f.from ? `${f.from}T00:00:00.000Z` : undefined, to: f.to ? next(f.to) : undefined };
}

/** The URL of the queue with these filters, changing some. */
export function queueHref(f: QueueFilters, change: Partial<QueueFilters> = {}): string {
  const merged = { ...f, ...change };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'sort' && v === 'updated-desc') || (k === 'group' && v === 'waiting')) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `/review?${s}` : '/review';
}
