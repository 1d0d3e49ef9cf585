// The dashboard's filters as the URL carries them (GET: a filtered view can be bookmarked and shared), parsed
// with zod; anything unknown falls back to the default. The period is signed-from/to days, or a year with an
// optional quarter (which then wins), in the deployment's time zone: a quarter in Beijing starts at Beijing midnight.
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)));

export const GROUPINGS = ['industry', 'province', 'size'] as const;

export const DashboardQuerySchema = z.object({
  /** `id@version`; absent: the newest version in use. */
  questionnaire: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}@\d{1,6}\.\d{1,6}\.\d{1,6}$/).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  quarter: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  by: z.enum(GROUPINGS).catch('industry'),
});

export type DashboardFilters = z.infer<typeof DashboardQuerySchema>;

export const EXPORT_TABLES = ['status', 'levels', 'dimensions', 'dimension-levels'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];
export const ExportQuerySchema = DashboardQuerySchema.extend({ table: z.enum(EXPORT_TABLES).catch('levels') });

/** The UTC instant at which `date` (YYYY-MM-DD) begins in `timeZone`. */
export function startOfDay(date: string, timeZone: string): string {
  const utc = Date.parse(`${date}T00:00:00Z`);
  const offsetAt = (instant: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
        .formatToParts(instant)
        .map((p) => [p.type, p.value]),
    );
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - instant;
  };
  const guess = utc - offsetAt(utc);
  return new Date(utc - offsetAt(guess)).toISOString();
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The period as days (first and last, inclusive), from the year/quarter when given, else from/to. */
export function periodDays(f: DashboardFilters): { first?: string; last?: string } {
  if (f.year === undefined) return { first: f.from, last: f.to };
  const [m1, m2] = f.quarter ? [(f.quarter - 1) * 3 + 1, f.quarter * 3] : [1, 12];
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = new Date(Date.UTC(f.year, m2, 0)).getUTCDate();
  return { first: `${f.year}-${pad(m1)}-01`, last: `${f.year}-${pad(m2)}-${pad(lastDay)}` };
}

/** The period as the query takes it: signed at or after `from`, before `to`. */
export function periodInstants(f: DashboardFilters, timeZone: string): { from?: string; to?: string } {
  const { first, last } = periodDays(f);
  return { from: first ? startOfDay(first, timeZone) : undefined, to: last ? startOfDay(nextDay(last), timeZone) : undefined };
}

/** The dashboard's URL (or an export's, `path`) with these filters, changing some. */
export function dashboardHref(f: DashboardFilters, change: Record<string, string | number | undefined> = {}, path = '/admin/dashboard'): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...change })) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
