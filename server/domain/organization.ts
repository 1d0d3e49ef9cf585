// How an organization is named where it is listed, chosen or reported: in its English name on English
// pages and reports when it has one, and with its credit code, since two organizations may share a name.
import type { Locale } from './questionnaire/schema.js';

export interface OrganizationNames {
  name: string;
  nameEn?: string | null;
  creditCode?: string | null;
}

/** The organization's name in `locale`: the English name on English pages when there is one. */
export function organizationName(org: OrganizationNames, locale: Locale): string {
  return locale === 'en' && org.nameEn ? org.nameEn : org.name;
}

/** The name with the credit code, e.g. "示例制造有限公司（91350100M000100Y43）"; the name alone without a code. */
export function organizationLabel(org: OrganizationNames, locale: Locale): string {
  const name = organizationName(org, locale);
  if (!org.creditCode) return name;
  return locale === 'en' ? `${name} (${org.creditCode})` : `${name}（${org.creditCode}）`;
}
