// Who may do what: one table of role × action (× assessment status where it matters). Services ask
// `authorize`, pages get the answers of `permissions` as booleans; nothing else decides access.
// Roles are rows of this table: a new role is a line per action it may take (and, if members can hold
// it, its migration). The statuses of workflow actions come from the workflow's transitions.
import { EDITABLE_STATUSES, OPEN_STATUSES, REVIEW_STATUSES, transitionFrom, type AssessmentStatus } from './workflow.js';

/** A user's role towards one organization (and its assessments). */
export type Role = 'org_admin' | 'respondent' | 'viewer' | 'consultant' | 'platform_admin';

export const ROLES: readonly Role[] = ['org_admin', 'respondent', 'viewer', 'consultant', 'platform_admin'];

/** The roles a member of an organization holds (consultants and platform admins are not members). */
export type MemberRole = 'org_admin' | 'respondent' | 'viewer';
export const MEMBER_ROLES: readonly MemberRole[] = ['org_admin', 'respondent', 'viewer'];
export const isMemberRole = (value: unknown): value is MemberRole => (MEMBER_ROLES as readonly unknown[]).includes(value);

export type Action =
  | 'assessment.read'
  | 'assessment.start'
  | 'assessment.answer'
  | 'assessment.submit'
  | 'assessment.start-review'
  | 'assessment.request-changes'
  | 'assessment.note'
  | 'assessment.reply'
  | 'assessment.resolve'
  | 'assessment.sign-off'
  | 'assessment.reopen'
  | 'assessment.move-version'
  | 'assessment.assign'
  | 'org.members'
  | 'org.profile'
  | 'org.history';

interface Rule {
  roles: readonly Role[];
  /** The statuses in which the action is possible; absent: any. */
  statuses?: readonly AssessmentStatus[];
}

const ADMINS: readonly Role[] = ['org_admin'];
/** Who answers: an org admin any section, a respondent the sections assigned to them (mayAnswerSection). */
const ANSWERERS: readonly Role[] = ['org_admin', 'respondent'];
const REVIEWERS: readonly Role[] = ['consultant', 'platform_admin'];

export const POLICY: Record<Action, Rule> = {
  'assessment.read': { roles: ROLES },
  'assessment.start': { roles: ADMINS },
  // Answering includes attaching and removing evidence.
  'assessment.answer': { roles: ANSWERERS, statuses: EDITABLE_STATUSES },
  'assessment.submit': { roles: ADMINS, statuses: transitionFrom('submit') },
  'assessment.start-review': { roles: REVIEWERS, statuses: transitionFrom('start-review') },
  'assessment.request-changes': { roles: REVIEWERS, statuses: transitionFrom('request-changes') },
  // A consultant opens a thread (and may adjust, or flag a question for change) while reviewing.
  'assessment.note': { roles: REVIEWERS, statuses: REVIEW_STATUSES },
  // Both sides reply in a thread, and the consultant resolves it, until the assessment is signed.
  'assessment.reply': { roles: [...ANSWERERS, ...REVIEWERS], statuses: OPEN_STATUSES },
  'assessment.resolve': { roles: REVIEWERS, statuses: OPEN_STATUSES },
  'assessment.sign-off': { roles: REVIEWERS, statuses: transitionFrom('finalize') },
  // A consultant may reopen only what they signed (see mayReopen); a platform admin any signed assessment.
  'assessment.reopen': { roles: REVIEWERS, statuses: transitionFrom('reopen') },
  // Only a draft moves to a newer questionnaire version: submitted and signed assessments never do.
  'assessment.move-version': { roles: ADMINS, statuses: ['draft'] },
  // Who answers which section: decided while the assessment is being answered.
  'assessment.assign': { roles: ADMINS, statuses: EDITABLE_STATUSES },
  // The organization's members, invitations and password-reset links (the platform admin too: an organization
  // registered by import gets its first admin this way, and one that lost its admins gets help); its profile.
  'org.members': { roles: [...ADMINS, 'platform_admin'] },
  'org.profile': { roles: ADMINS },
  // The organization's signed results over time: for whoever reads its assessments.
  'org.history': { roles: ROLES },
};

/** May `role` take `action` at all (whatever the status)? */
export function roleMay(role: Role | undefined, action: Action): boolean {
  return role !== undefined && POLICY[action].roles.includes(role);
}

/** May `role` take `action` on an assessment in `status` now? */
export function can(role: Role | undefined, action: Action, status?: AssessmentStatus): boolean {
  const rule = POLICY[action];
  return roleMay(role, action) && (status === undefined || rule.statuses === undefined || rule.statuses.includes(status));
}

/** Why an action is refused: the role may never take it, or the assessment's status does not allow it now. */
export function refusal(role: Role | undefined, action: Action, status: AssessmentStatus): 'role' | 'status' | null {
  if (!roleMay(role, action)) return 'role';
  return can(role, action, status) ? null : 'status';
}

/** The statuses `action` needs: the guard of its write. */
export function statusesFor(action: Action): readonly AssessmentStatus[] | undefined {
  return POLICY[action].statuses;
}

/** Reopening is for the consultant who signed the current revision, or a platform admin. */
export function mayReopen(role: Role | undefined, userId: string, signerId: string | undefined): boolean {
  return role === 'platform_admin' || (role === 'consultant' && signerId === userId);
}

/**
 * May this user answer a section (and attach evidence to its questions)? An org admin any section; a
 * respondent only the sections assigned to them.
 */
export function mayAnswerSection(role: Role | undefined, userId: string, assigneeId: string | undefined): boolean {
  return role === 'org_admin' || (role === 'respondent' && assigneeId === userId);
}

export type Permissions = Record<Action, boolean>;

/** Every action's answer for one role and status, for a page to show or hide its controls. */
export function permissions(role: Role | undefined, status: AssessmentStatus): Permissions {
  return Object.fromEntries((Object.keys(POLICY) as Action[]).map((a) => [a, can(role, a, status)])) as Permissions;
}
