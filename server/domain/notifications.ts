// Who hears of what happens to an assessment. Pure: the caller gathers the organization's audience
// (its active members with their roles, its assigned consultants) and the event; this decides.
//
// - submitted:        the organization's consultants (it is theirs to review).
// - changesRequested: the organization's active org admins and respondents (they change the answers).
// - commented:        by a consultant: the org admins and respondents; by the organization: the consultants.
// - replied:          the thread's participants who still have access, and, when the author is on the
//                     organization's side, every consultant. A consultant's reply reaches the
//                     organization only through its participants (the members who wrote in the thread):
//                     the first comment of a thread already told the org admins and respondents.
// - signedOff:        every active member (viewers too) and the consultants.
// Never the actor; each person once.
import type { MemberRole } from './policy.js';

export type AssessmentEventKind = 'submitted' | 'changesRequested' | 'commented' | 'replied' | 'signedOff';

export const ASSESSMENT_EVENT_KINDS: readonly AssessmentEventKind[] = ['submitted', 'changesRequested', 'commented', 'replied', 'signedOff'];

export interface Audience {
  /** The organization's members whose membership and account are both active. */
  members: readonly { userId: string; role: MemberRole }[];
  /** The consultants assigned to the organization (active accounts). */
  consultants: readonly string[];
}

export interface RecipientQuestion {
  kind: AssessmentEventKind;
  actorId: string;
  /** For 'replied': who wrote in the thread. */
  participants?: readonly string[];
  /** For 'commented' and 'replied': the author is on the consultant's side. */
  fromConsultant?: boolean;
}

/** The users to notify of the event, each once and never the actor, in the order the audience and the participants give them. */
export function recipientsOf(event: RecipientQuestion, audience: Audience): string[] {
  const answerers = audience.members.filter((m) => m.role === 'org_admin' || m.role === 'respondent').map((m) => m.userId);
  const everyMember = audience.members.map((m) => m.userId);
  const chosen = ((): string[] => {
    switch (event.kind) {
      case 'submitted':
        return [...audience.consultants];
      case 'changesRequested':
        return answerers;
      case 'commented':
        return event.fromConsultant ? answerers : [...audience.consultants];
      case 'replied': {
        // Only participants who can still see the assessment: a former member or an unassigned consultant hears nothing.
        const withAccess = new Set([...everyMember, ...audience.consultants]);
        const participants = (event.participants ?? []).filter((id) => withAccess.has(id));
        return event.fromConsultant ? participants : [...participants, ...audience.consultants];
      }
      case 'signedOff':
        return [...everyMember, ...audience.consultants];
    }
  })();
  return [...new Set(chosen)].filter((id) => id !== event.actorId);
}
