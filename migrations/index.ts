// Every migration, in order. Listed statically so the same code runs from TypeScript (tests) and
// from the compiled build; Kysely's Migrator runs them in name order.
import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_review_notes.js';
import * as m003 from './003_record.js';
import * as m010 from './010_hardening.js';
import * as m011 from './011_team.js';
import * as m012 from './012_review_workspace.js';
import * as m013 from './013_carry_over.js';
import * as m014 from './014_mail_outbox.js';
import * as m015 from './015_api_tokens.js';
import * as m016 from './016_questionnaire_versions.js';
import * as m017 from './017_admin.js';
import * as m018 from './018_dimension_scores.js';
import * as m019 from './019_list_indexes.js';
import * as m020 from './020_count_and_search_indexes.js';
import * as m021 from './021_score_figures_index.js';
import * as m022 from './022_signed_cohort_indexes.js';

export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_review_notes': m002,
  '003_record': m003,
  '010_hardening': m010,
  '011_team': m011,
  '012_review_workspace': m012,
  '013_carry_over': m013,
  '014_mail_outbox': m014,
  '015_api_tokens': m015,
  '016_questionnaire_versions': m016,
  '017_admin': m017,
  '018_dimension_scores': m018,
  '019_list_indexes': m019,
  '020_count_and_search_indexes': m020,
  '021_score_figures_index': m021,
  '022_signed_cohort_indexes': m022,
};
