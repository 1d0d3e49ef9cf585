// The life of one assessment: draft → submitted → in review → (changes requested → submitted …) →
// finalized (signed) → (reopened with a reason: changes requested → … → finalized again as revision 2).
export type AssessmentStatus = 'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'finalized';

export type WorkflowAction = 'submit' | 'start-review' | 'request-changes' | 'finalize' | 'reopen';

/** The statuses in which the assessment is with the consultant: notes, changes requested, sign-off. */
export const REVIEW_STATUSES: readonly AssessmentStatus[] = ['submitted', 'in_review'];

/** Every status before the sign-off: the record is still open to comments. */
export const OPEN_STATUSES: readonly AssessmentStatus[] = ['draft', 'submitted', 'in_review', 'changes_requested'];

/** Answers can change only while the organization holds the assessment. */
export const EDITABLE_STATUSES: readonly AssessmentStatus[] = ['draft', 'changes_requested'];

const TRANSITIONS: Record<WorkflowAction, { from: readonly AssessmentStatus[]; to: AssessmentStatus }> = {
  submit: { from: EDITABLE_STATUSES, to: 'submitted' },
  'start-review': { from: ['submitted'], to: 'in_review' },
  'request-changes': { from: REVIEW_STATUSES, to: 'changes_requested' },
  finalize: { from: REVIEW_STATUSES, to: 'finalized' },
  reopen: { from: ['finalized'], to: 'changes_requested' },
};

/** The statuses `action` may start from: the status guard of its write. */
export function transitionFrom(action: WorkflowAction): readonly AssessmentStatus[] {
  return TRANSITIONS[action].from;
}

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: AssessmentStatus, action: WorkflowAction): AssessmentStatus | undefined {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : undefined;
}

