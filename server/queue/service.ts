// The review queue: a consultant's home. Assessments of their client organizations grouped by what
// they need (waiting for review, in review, changes requested, signed; drafts last), filtered, searched,
// sorted and paged on the server. A platform admin sees every organization's.
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { Forbidden } from '../errors.js';
import { QUEUE_GROUPS, queueHref, toQuery, type QueueFilters, type QueueGroup } from './query.js';
import { countByStatus, organizationChoices, organizationInScope, queuePage, type Scope } from './repo.js';

export const QUEUE_PAGE_SIZE = 50;

function scopeOf(user: User): Scope {
  if (user.is_platform_admin === 1) return { kind: 'all' };
  if (user.is_consultant === 1) return { kind: 'consultant', userId: user.id };
  throw new Forbidden();
}

export async function reviewQueue(ctx: AppContext, user: User, filters: QueueFilters) {
  const scope = scopeOf(user);
  const query = toQuery(filters);
  const counts = await countByStatus(ctx.db, scope, query);
  const groups = (Object.keys(QUEUE_GROUPS) as QueueGroup[]).map((g) => ({
    id: g,
    count: QUEUE_GROUPS[g].reduce((n, s) => n + (counts.get(s) ?? 0), 0),
    href: queueHref(filters, { group: g, page: 1 }),
    current: g === filters.group,
  }));
  const total = groups.find((g) => g.current)!.count;
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const rows = await queuePage(ctx.db, scope, query, QUEUE_GROUPS[filters.group], QUEUE_PAGE_SIZE);
  const questionnaires = ctx.catalog.latest();
  const titleOf = (id: string) => questionnaires.find((q) => q.id === id)?.title;
  return {
    filters,
    groups,
    total,
    page: Math.min(filters.page, pages),
    pages,
    first: total ? (filters.page - 1) * QUEUE_PAGE_SIZE + 1 : 0,
    last: Math.min(filters.page * QUEUE_PAGE_SIZE, total),
    prevHref: filters.page > 1 ? queueHref(filters, { page: filters.page - 1 }) : null,
    nextHref: filters.page < pages ? queueHref(filters, { page: filters.page + 1 }) : null,
    sortHref: (sort: QueueFilters['sort']) => queueHref(filters, { sort, page: 1 }),
    rows: rows.map((r) => ({ ...r, questionnaireTitle: titleOf(r.questionnaireId), orgHref: queueHref(filters, { orgId: r.org.id, page: 1 }) })),
    // The organization filter: names suggested to the search field (at most 50, matching what was searched), and
    // the organization chosen from a row's link, with the way back to every organization.
    organizationChoices: await organizationChoices(ctx.db, scope, filters.search),
    organization: filters.orgId ? ((await organizationInScope(ctx.db, scope, filters.orgId)) ?? null) : null,
    allOrganizationsHref: queueHref(filters, { orgId: undefined, page: 1 }),
    questionnaires: questionnaires.map((q) => ({ id: q.id, title: q.title })),
    listTitle: scope.kind === 'all' ? 'queue.titleAll' : 'queue.title',
  };
}
