// The admin lists' paging: which rows a page shows and which page links it offers.
import { describe, expect, it } from 'vitest';
import { containsPattern, pageInfo, pageLinks } from '../../server/domain/paging.js';

describe('paging', () => {
  it('says first–last of total, clamping a page past the end to the last page', () => {
    expect(pageInfo(3, 50, 120)).toMatchObject({ page: 3, pages: 3, first: 101, last: 120, total: 120 });
    expect(pageInfo(9, 50, 120)).toMatchObject({ page: 3, first: 101, last: 120 });
    expect(pageInfo(1, 50, 0)).toMatchObject({ page: 1, pages: 1, first: 0, last: 0 });
  });

  it('links the first and last pages and two either side of the current one, with gaps', () => {
    expect(pageLinks(1, 1)).toEqual([1]);
    expect(pageLinks(3, 3)).toEqual([1, 2, 3]);
    expect(pageLinks(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pageLinks(4, 20)).toEqual([1, 2, 3, 4, 5, 6, null, 20]);
  });

  it('takes %, _ and \\ literally in a search', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});
