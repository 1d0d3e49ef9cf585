// The one typed schema of the database, shared by SQLite and PostgreSQL.
// Portable by the rules of DATA-LAYER.md: text ids made in the app, ISO-8601 UTC text timestamps,
// 0/1 integers for booleans, JSON as text parsed in the app, scores as double precision.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  is_platform_admin: number;
  is_consultant: number;
  created_at: string;
  /** Set: the account cannot sign in (deactivated by an admin, or left without any organization). */
  deactivated_at: string | null;
  password_changed_at: string | null;
  /** A consultant's organization (their firm), named with their signature on a sign-off. */
  affiliation: string | null;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  industry: string;
  size_band: string;
  created_at: string;
  /** 统一社会信用代码 (GB 32100), unique; null for organizations registered before the profile existed. */
  credit_code: string | null;
  /** A provincial-level division's code (server/orgs/catalogs.ts). */
  province: string | null;
  /** The name English reports use; the registered name when absent. */
  name_en: string | null;
  /** Set: deactivated by a platform admin; its members and consultants cannot open it (migration 017). */
  deactivated_at: string | null;
  deactivated_by: string | null;
  deactivation_reason: string | null;
}

export interface MembershipsTable {
  org_id: string;
  user_id: string;
  /** A role of the access policy (server/domain/policy.ts); checked when read. */
  role: string;
  created_at: string;
  /** Set: the member keeps their history but has no access to the organization. */
  deactivated_at: string | null;
}

/** An invitation to join an organization: a link with a single-use token, stored hashed. */
export interface InvitationsTable {
  id: string;
  org_id: string;
  email: string;
  role: string;
  token_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** A one-time password-reset link issued by an admin for a user; the token stored hashed. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_by: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Which member answers which dimension (section) of an assessment. */
export interface SectionAssignmentsTable {
  assessment_id: string;
  dimension_id: string;
  user_id: string;
  assigned_by: string;
  assigned_at: string;
}

/** A file attached to an answer as evidence; its bytes are in the blob store under blob_key. */
export interface EvidenceFilesTable {
  id: string;
  assessment_id: string;
  question_id: string;
  name: string;
  size: number;
  /** The type decided from the content (file-type), never from the name or the browser. */
  mime: string;
  sha256: string;
  blob_key: string;
  uploaded_by: string;
  uploaded_at: string;
  removed_at: string | null;
  removed_by: string | null;
}

/** The database blob store's bytes, in chunks so a download streams. */
export interface BlobChunksTable {
  blob_key: string;
  seq: number;
  data: Buffer;
}

export interface ConsultantAssignmentsTable {
  org_id: string;
  consultant_id: string;
  created_at: string;
}

export type { AssessmentStatus } from '../domain/workflow.js';
import type { AssessmentStatus } from '../domain/workflow.js';

export interface AssessmentsTable {
  id: string;
  org_id: string;
  questionnaire_id: string;
  questionnaire_version: string;
  weight_profile: string | null;
  title: string;
  status: AssessmentStatus;
  created_by: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  finalized_at: string | null;
  finalized_by: string | null;
}

export interface AnswersTable {
  assessment_id: string;
  question_id: string;
  /** JSON of the AnswerValue; null when the answer is N/A. */
  value_json: string | null;
  na_reason: string | null;
  updated_at: string;
  updated_by: string;
  /** 1 for the first answer, +1 for every change; a cleared answer keeps its row with both values null. */
  revision: Generated<number>;
  /** The signed assessment this answer was carried over from, until it is confirmed or changed; null otherwise. */
  carried_from: string | null;
}

/** One change of one answer: what it was and what it became, who changed it and when. */
export interface AnswerRevisionsTable {
  id: string;
  assessment_id: string;
  question_id: string;
  revision: number;
  old_value_json: string | null;
  old_na_reason: string | null;
  value_json: string | null;
  na_reason: string | null;
  changed_by: string;
  changed_at: string;
  /** Set on the revision that carried the answer over from this signed assessment. */
  carried_from: string | null;
}

export interface AssessmentScoresTable {
  assessment_id: string;
  status: 'ok' | 'insufficient-data';
  level: number | null;
  score: number | null;
  band: number | null;
  answered_share: number;
  /** The full ScoreResult as JSON. */
  result_json: string;
  computed_at: string;
}

/** One dimension's figures of an assessment's stored result (written with it, only where they changed). */
export interface DimensionScoresTable {
  assessment_id: string;
  dimension_id: string;
  level: number;
  score: number;
}

export interface ReviewNotesTable {
  id: string;
  assessment_id: string;
  /** null: a note on the assessment as a whole. */
  question_id: string | null;
  author_id: string;
  at: string;
  text: string;
  /** A consultant's adjusted requirement value (1, 0.8, 0.5 or 0); null for a plain comment. */
  adjusted_value: number | null;
  /** For an adjustment: the answer revision the consultant reviewed (0: unanswered). */
  answer_revision: number | null;
  dismissed_at: string | null;
  dismissed_by: string | null;
  /** A reply: the first comment of its thread; null for a thread's first comment. */
  parent_id: string | null;
  /** 1: the consultant asks the organization to change this question's answer (until resolved). */
  flagged: Generated<number>;
  /** A thread resolved (set on its first comment). */
  resolved_at: string | null;
  resolved_by: string | null;
}

/** A sign-off: the frozen snapshot of the record, its verification code, and the reopening that ended it. */
export interface SignedReportsTable {
  id: string;
  assessment_id: string;
  revision: number;
  code: string;
  snapshot_json: string;
  snapshot_sha256: string;
  signed_by: string;
  signed_at: string;
  reopened_at: string | null;
  reopened_by: string | null;
  reopen_reason: string | null;
}

/** The signed PDF of a sign-off in one language, rendered once and stored. */
export interface SignedReportFilesTable {
  signed_report_id: string;
  locale: string;
  pdf: Buffer;
  sha256: string;
  size: number;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  org_id: string | null;
  assessment_id: string | null;
  action: string;
  detail_json: string;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id: a copy of this table cannot be replayed as cookies. */
  sid: string;
  /** The signed-in user, for "sign out everywhere"; null before sign-in. */
  user_id: string | null;
  data: string;
  expires_at: string;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  reset_at: string;
}

/** Failed sign-ins per account or client address; a growing wait, never a lock-out. */
export interface LoginFailuresTable {
  key: string;
  failures: number;
  /** The next attempt under this key is refused before this time. */
  blocked_until: string;
  /** The counter is forgotten after this time without another failure. */
  expires_at: string;
}

/** One-time form tokens already used, with what the first submission made or changed. */
export interface FormSubmissionsTable {
  token: string;
  user_id: string;
  purpose: string;
  result: string;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  /** An i18n key under notifications.kinds. */
  kind: string;
  params_json: string;
  created_at: string;
  read_at: string | null;
}

/** A notification e-mail to send (SMTP_URL set): claimed, sent and retried by server/notifications/mailer.ts. */
export interface MailOutboxTable {
  id: string;
  user_id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: string;
  /** Set once the SMTP server accepted it. */
  sent_at: string | null;
  /** Delivery attempts started so far. */
  attempts: number;
  last_error: string | null;
  /** Not sent before this time: the retry's backoff, or the claim of a process sending it now. */
  next_attempt_at: string;
}

/** A published questionnaire version: its file's text as published, from the release's files or an upload. */
export interface QuestionnaireVersionsTable {
  questionnaire_id: string;
  version: string;
  kind: 'enterprise' | 'service';
  format: 'yaml' | 'json';
  /** The text as published; parsed (and validated again) by every process that loads it. */
  source: string;
  /** SHA-256 of `source` (hex). */
  sha256: string;
  origin: 'file' | 'upload';
  /** The file it came from (questionnaires/… or the uploaded file's name); null for pasted text. */
  file_name: string | null;
  published_at: string;
  published_by: string | null;
  /** Retired: no new assessment starts on it; it stays readable. */
  retired_at: string | null;
  retired_by: string | null;
  /** Grows by one on every change of the row (see catalog/refresh.ts). */
  revision: Generated<number>;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

/** A personal access token for the JSON API; only its SHA-256 is stored. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** 'read' or 'write' (write includes read). */
  scope: string;
  token_hash: string;
  created_at: string;
  /** Null: no expiry. */
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

export interface Database {
  users: UsersTable;
  organizations: OrganizationsTable;
  memberships: MembershipsTable;
  consultant_assignments: ConsultantAssignmentsTable;
  assessments: AssessmentsTable;
  answers: AnswersTable;
  answer_revisions: AnswerRevisionsTable;
  assessment_scores: AssessmentScoresTable;
  dimension_scores: DimensionScoresTable;
  review_notes: ReviewNotesTable;
  signed_reports: SignedReportsTable;
  signed_report_files: SignedReportFilesTable;
  audit_log: AuditLogTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  login_failures: LoginFailuresTable;
  form_submissions: FormSubmissionsTable;
  notifications: NotificationsTable;
  mail_outbox: MailOutboxTable;
  app_settings: AppSettingsTable;
  questionnaire_versions: QuestionnaireVersionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  section_assignments: SectionAssignmentsTable;
  evidence_files: EvidenceFilesTable;
  blob_chunks: BlobChunksTable;
  api_tokens: ApiTokensTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organization = Selectable<OrganizationsTable>;
export type Assessment = Selectable<AssessmentsTable>;
export type AssessmentUpdate = Updateable<AssessmentsTable>;
export type AnswerRow = Selectable<AnswersTable>;
