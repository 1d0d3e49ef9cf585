// Finding organizations by what a person types: part of the name or English name (any case) or of the credit
// code, with %, _ and \ taken literally. One condition for every list that offers the search (the review queue,
// the programme export, the admin's organizations), on the organizations table under the alias `o`, so
// SQLite and PostgreSQL (whose LIKE is case-sensitive) find the same rows.
import { sql, type SqlBool } from 'kysely';
import { containsPattern } from '../domain/paging.js';

export function organizationMatches(search: string) {
  const text = containsPattern(search.toLowerCase());
  const code = containsPattern(search.toUpperCase());
  return sql<SqlBool>`(lower(o.name) like ${text} escape '\\' or lower(o.name_en) like ${text} escape '\\' or o.credit_code like ${code} escape '\\')`;
}
