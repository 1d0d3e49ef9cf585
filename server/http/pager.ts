// A paged list's page number as a URL asks for it, and the page links it shows (views/partials/pager.ejs):
// "first–last of total", previous, next and the page numbers, each an address that keeps the list's search.
// The admin lists and the history pages use them.
import { z } from 'zod';
import type { PageInfo } from '../domain/paging.js';

/** A list's page number as the URL carries it (?page=N); anything malformed reads the first page. */
export const PageNumber = z.coerce.number().int().min(1).max(100000).catch(1);

/** The pager's model: each link with its address, the current page marked. */
export function pager(path: string, search: string | undefined, paging: PageInfo) {
  const href = (page: number) => {
    const params = new URLSearchParams();
    if (search) params.set('search', search);
    if (page > 1) params.set('page', String(page));
    const q = params.toString();
    return q ? `${path}?${q}` : path;
  };
  return {
    ...paging,
    prevHref: paging.page > 1 ? href(paging.page - 1) : null,
    nextHref: paging.page < paging.pages ? href(paging.page + 1) : null,
    links: paging.links.map((n) => (n === null ? null : { page: n, href: href(n), current: n === paging.page })),
  };
}
