// The life of one assessment: draft → submitted → in review → (changes requested → submitted …) → finalized.
export type AssessmentStatus = 'draft' | 'submitted' | 'in_review' | 'changes_requested' | 'finalized';

export type WorkflowAction = 'submit' | 'start-review' | 'request-changes' | 'finalize';

/** The statuses in which the assessment is with the consultant: notes, changes requested, sign-off. */
export const REVIEW_STATUSES: readonly AssessmentStatus[] = ['submitted', 'in_review'];

const TRANSITIONS: Record<WorkflowAction, { from: AssessmentStatus[]; to: AssessmentStatus }> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted' },
  'start-review': { from: ['submitted'], to: 'in_review' },
  'request-changes': { from: [...REVIEW_STATUSES], to: 'changes_requested' },
  finalize: { from: [...REVIEW_STATUSES], to: 'finalized' },
};

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: AssessmentStatus, action: WorkflowAction): AssessmentStatus | undefined {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : undefined;
}

/** Answers can change only while the organization holds the assessment. */
export const EDITABLE_STATUSES: readonly AssessmentStatus[] = ['draft', 'changes_requested'];

export function isUnderReview(status: AssessmentStatus): boolean {
  return REVIEW_STATUSES.includes(status);
}

export function isEditable(status: AssessmentStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}
