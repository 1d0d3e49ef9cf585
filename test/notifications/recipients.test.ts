// Who hears of an assessment's events: the pure rule (server/domain/notifications.ts), on an
// organization with every member role and two consultants.
import { describe, expect, it } from 'vitest';
import { ASSESSMENT_EVENT_KINDS, recipientsOf, type Audience } from '../../server/domain/notifications.js';

const audience: Audience = {
  members: [
    { userId: 'admin', role: 'org_admin' },
    { userId: 'resp', role: 'respondent' },
    { userId: 'resp2', role: 'respondent' },
    { userId: 'view', role: 'viewer' },
  ],
  consultants: ['wang', 'li'],
};

const sorted = (ids: string[]) => [...ids].sort();

describe('who hears of an assessment event', () => {
  it('a submission: the consultants, none of the members', () => {
    expect(recipientsOf({ kind: 'submitted', actorId: 'admin' }, audience)).toEqual(['wang', 'li']);
  });

  it('changes requested: the org admins and respondents, not viewers, not the consultants', () => {
    expect(recipientsOf({ kind: 'changesRequested', actorId: 'wang' }, audience)).toEqual(['admin', 'resp', 'resp2']);
  });

  it('a comment by a consultant reaches the org admins and respondents; one by the organization the consultants', () => {
    expect(recipientsOf({ kind: 'commented', actorId: 'wang', fromConsultant: true }, audience)).toEqual(['admin', 'resp', 'resp2']);
    expect(recipientsOf({ kind: 'commented', actorId: 'resp', fromConsultant: false }, audience)).toEqual(['wang', 'li']);
  });

  it('a reply from the organization: the participants and every consultant', () => {
    expect(sorted(recipientsOf({ kind: 'replied', actorId: 'resp', participants: ['resp', 'admin', 'wang'], fromConsultant: false }, audience))).toEqual(sorted(['admin', 'wang', 'li']));
  });

  it('a reply from a consultant: the participants only (members who did not write hear nothing)', () => {
    expect(recipientsOf({ kind: 'replied', actorId: 'wang', participants: ['resp', 'wang'], fromConsultant: true }, audience)).toEqual(['resp']);
  });

  it('a reply never reaches a participant who lost access (left the organization, or a consultant no longer assigned)', () => {
    expect(recipientsOf({ kind: 'replied', actorId: 'wang', participants: ['gone', 'old-consultant', 'admin'], fromConsultant: true }, audience)).toEqual(['admin']);
  });

  it('a sign-off: every member, viewers too, and the other consultants', () => {
    expect(recipientsOf({ kind: 'signedOff', actorId: 'wang' }, audience)).toEqual(['admin', 'resp', 'resp2', 'view', 'li']);
  });

  it('never the actor, and each person once', () => {
    const twice: Audience = { members: [...audience.members, { userId: 'admin', role: 'org_admin' }], consultants: ['wang', 'wang', 'li'] };
    for (const kind of ASSESSMENT_EVENT_KINDS) {
      for (const actorId of ['admin', 'resp', 'view', 'wang', 'li']) {
        const got = recipientsOf({ kind, actorId, participants: ['admin', 'resp', 'wang', 'admin'], fromConsultant: actorId === 'wang' || actorId === 'li' }, twice);
        expect(got, `${kind} by ${actorId}`).not.toContain(actorId);
        expect(new Set(got).size, `${kind} by ${actorId}`).toBe(got.length);
      }
    }
  });

  it('an organization without consultants: a submission reaches nobody', () => {
    expect(recipientsOf({ kind: 'submitted', actorId: 'admin' }, { members: audience.members, consultants: [] })).toEqual([]);
  });
});
