// An organization's team page (org admins): members and roles, invitations by link, deactivation,
// removal, password-reset links; and the invitation link itself, for the person invited. HTTP only.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { Email, Name, NewPasswordFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { currentUser, optionalUser, requireUser, signIn } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { MEMBER_ROLES } from '../domain/policy.js';
import { invalidFields } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { siteUrl } from '../http/site-url.js';
import {
  acceptInvitation,
  changeMemberRole,
  deactivateMember,
  invitationByToken,
  inviteMember,
  memberResetLink,
  membersPage,
  reactivateMember,
  removeMember,
  revokeMemberInvitation,
} from './service.js';

const Role = z.enum(MEMBER_ROLES as ['org_admin', 'respondent', 'viewer'], { message: 'errors.choose' });
const InviteForm = z.object({ email: Email, role: Role });
const RoleForm = z.object({ role: Role });
const JoinForm = z.object({ name: Name, ...NewPasswordFields }).refine(passwordsMatch, passwordMismatch);

export function memberRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const base = (orgId: string) => `/orgs/${orgId}/members`;

  /** The team page; `extra` carries a link just made (shown once) or the invite form's errors. */
  async function render(res: Response, orgId: string, extra: Record<string, unknown> = {}, status = 200) {
    res.status(status).render('members/index', { ...(await membersPage(ctx, currentUser(res), orgId)), roles: MEMBER_ROLES, errors: {}, values: {}, link: null, ...extra });
  }

  router.get('/orgs/:orgId/members', requireUser, async (req, res) => render(res, String(req.params.orgId)));

  router.post('/orgs/:orgId/members/invitations', requireUser, async (req, res) => {
    const orgId = String(req.params.orgId);
    const parsed = InviteForm.safeParse(req.body ?? {});
    try {
      if (!parsed.success) throw parsed.error;
      const { token, expiresAt } = await inviteMember(ctx, currentUser(res), orgId, parsed.data);
      // The link is shown on this response only: the token is stored hashed and cannot be shown again.
      await render(res, orgId, { link: { kind: 'invitation', url: siteUrl(req, `/invitations/${token}`), email: parsed.data.email, expiresAt } });
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      await render(res, orgId, { errors: fields, values: { email: req.body?.email, role: req.body?.role } }, 400);
    }
  });

  router.post('/orgs/:orgId/members/invitations/:id/revoke', requireUser, async (req, res) => {
    await revokeMemberInvitation(ctx, currentUser(res), String(req.params.orgId), String(req.params.id));
    flash(req, 'members.invitationRevoked');
    res.redirect(303, base(String(req.params.orgId)));
  });

  router.post('/orgs/:orgId/members/:userId/role', requireUser, async (req, res) => {
    const { role } = RoleForm.parse(req.body ?? {});
    await changeMemberRole(ctx, currentUser(res), String(req.params.orgId), String(req.params.userId), role);
    flash(req, 'members.roleChanged');
    res.redirect(303, base(String(req.params.orgId)));
  });

  const memberAction = (path: string, action: typeof deactivateMember, done: string) =>
    router.post(`/orgs/:orgId/members/:userId/${path}`, requireUser, async (req, res) => {
      await action(ctx, currentUser(res), String(req.params.orgId), String(req.params.userId));
      flash(req, done);
      res.redirect(303, base(String(req.params.orgId)));
    });
  memberAction('deactivate', deactivateMember, 'members.deactivated');
  memberAction('reactivate', reactivateMember, 'members.reactivated');
  memberAction('remove', removeMember, 'members.removed');

  router.post('/orgs/:orgId/members/:userId/reset-link', requireUser, async (req, res) => {
    const orgId = String(req.params.orgId);
    const { token, expiresAt, name } = await memberResetLink(ctx, currentUser(res), orgId, String(req.params.userId));
    await render(res, orgId, { link: { kind: 'reset', url: siteUrl(req, `/reset/${token}`), name, expiresAt } });
  });

  // The invitation link, for the person invited.
  async function renderInvitation(req: Request, res: Response, extra: Record<string, unknown> = {}, status?: number) {
    const user = optionalUser(res);
    const found = await invitationByToken(ctx, String(req.params.token), user);
    const closed = found.state !== 'open';
    res.status(status ?? (found.state === 'unknown' ? 404 : closed ? 410 : 200)).render('members/invitation', { found, token: String(req.params.token), errors: {}, values: {}, ...extra });
  }

  router.get('/invitations/:token', (req, res) => renderInvitation(req, res));

  router.post('/invitations/:token', async (req, res) => {
    const token = String(req.params.token);
    const user = optionalUser(res);
    if (user) {
      await acceptInvitation(ctx, token, { user });
    } else {
      const parsed = JoinForm.safeParse(req.body ?? {});
      if (!parsed.success) {
        return renderInvitation(req, res, { errors: invalidFields(parsed.error), values: { name: req.body?.name } }, 400);
      }
      await signIn(req, await acceptInvitation(ctx, token, parsed.data));
    }
    flash(req, 'members.joined');
    res.redirect(303, '/assessments');
  });

  return router;
}
