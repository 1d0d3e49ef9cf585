// In-app notifications (and, when SMTP_URL is set, e-mails) about what happens to an assessment.
// The rest of the app calls `announce` inside its write transaction: who hears of the event is the
// pure rule in server/domain/notifications.ts; the notification stores what its text needs (title,
// organization, actor, where it leads), and the e-mail goes into the outbox in the same transaction,
// so neither is lost nor sent for a write that rolled back. And each user's notifications page.
import type { Kysely } from 'kysely';
import type { AppContext } from '../context.js';
import { newId, nowIso } from '../db/ids.js';
import type { Database, User } from '../db/schema.js';
import { isLocalPath } from '../domain/local-path.js';
import { recipientsOf, type AssessmentEventKind } from '../domain/notifications.js';
import { organizationName } from '../domain/organization.js';
import { LOCALES, type Locale } from '../domain/questionnaire/schema.js';
import { NotFound } from '../errors.js';
import { translator } from '../i18n.js';
import { queueMail, type NewMail } from './outbox-repo.js';
import {
  addressees,
  assessmentAudience,
  countNotifications,
  findNotification,
  insertNotifications,
  listNotifications,
  markAllRead,
  markRead,
  unreadCount,
  type Addressee,
  type NewNotification,
} from './repo.js';

export type { AssessmentEventKind };

export interface AssessmentEvent {
  kind: AssessmentEventKind;
  assessmentId: string;
  actorId: string;
  /** Where the notification leads (a path in the app); default /assessments/<id>. */
  href?: string;
  /** For 'replied': the users who wrote in the thread (the caller knows them). */
  participants?: string[];
  /** For 'commented'/'replied': true when the author is on the consultant's side. */
  fromConsultant?: boolean;
}

/**
 * Notifies whoever the event concerns (never the actor), with `db` the caller's transaction; with
 * e-mail configured, also queues one mail per recipient in that transaction (mailer.ts sends it after
 * the commit). NotFound for an unknown assessment; an href that is not a local path is a programming error.
 */
export async function announce(ctx: AppContext, db: Kysely<Database>, event: AssessmentEvent): Promise<void> {
  const href = event.href ?? `/assessments/${event.assessmentId}`;
  if (!isLocalPath(href)) throw new Error(`a notification leads to a path in the app, not to ${JSON.stringify(href)}`);
  const audience = await assessmentAudience(db, event.assessmentId);
  if (!audience) throw new NotFound();
  const recipients = recipientsOf(event, audience);
  if (recipients.length === 0) return;
  const people = new Map((await addressees(db, [...recipients, event.actorId])).map((p) => [p.id, p]));
  const params: Record<string, string> = {
    title: audience.title,
    orgName: audience.orgName,
    ...(audience.orgNameEn ? { orgNameEn: audience.orgNameEn } : {}),
    actor: people.get(event.actorId)?.name ?? '',
    href,
  };
  const notifications: NewNotification[] = recipients.map((userId) => ({ id: newId(), userId, kind: event.kind, params }));
  const now = nowIso();
  await insertNotifications(db, notifications, now);
  if (!ctx.mail) return;
  const site = ctx.config.siteUrl;
  if (!site) throw new Error('e-mail notifications need SITE_URL for their links');
  const mails = notifications.flatMap((n) => {
    const to = people.get(n.userId);
    return to ? [mailOf(n, to, site)] : [];
  });
  await queueMail(db, mails, now);
}

/** A notification's parameters as its text in `locale` uses them: the organization under its name in that language. */
function textParams(params: Record<string, string>, locale: Locale): Record<string, string> {
  return params.orgName ? { ...params, org: organizationName({ name: params.orgName, nameEn: params.orgNameEn }, locale) } : params;
}

/**
 * The e-mail of one notification: Chinese, then English. The subject names the assessment once, then
 * what happened in both languages; the link opens the notification (marking it read) and leads on.
 */
function mailOf(n: NewNotification, to: Addressee, site: string): NewMail {
  const link = `${site}/notifications/${n.id}/open`;
  const parts = LOCALES.map((locale) => {
    const t = translator(locale);
    const params = textParams(n.params, locale);
    const body = [
      t('notifications.mail.greeting', { name: to.name }),
      '',
      t(`notifications.kinds.${n.kind}`, params),
      '',
      t('notifications.mail.open', { url: link }),
      '',
      t('notifications.mail.footer', { url: `${site}/notifications` }),
    ].join('\n');
    return { what: t(`notifications.subjects.${n.kind}`), body };
  });
  return {
    userId: to.id,
    to: to.email,
    subject: `【智评 Zhiping】${n.params.title}：${parts.map((p) => p.what).join(' / ')}`,
    text: parts.map((p) => p.body).join('\n\n----\n\n') + '\n',
  };
}

const PER_PAGE = 50;

export interface NotificationItem {
  id: string;
  kind: string;
  /** The text's parameters in the page's language. */
  params: Record<string, string>;
  createdAt: string;
  unread: boolean;
  /** Opens it: marks it read and leads where it points. */
  openHref: string;
}

export interface NotificationsPage {
  items: NotificationItem[];
  unread: number;
  page: number;
  pages: number;
  previousHref: string | null;
  nextHref: string | null;
}

/** The user's notifications, newest first, PER_PAGE a page; NotFound past the last page. Showing them marks none read. */
export async function notificationsPage(ctx: AppContext, user: User, page: number, locale: Locale): Promise<NotificationsPage> {
  const pages = Math.max(1, Math.ceil((await countNotifications(ctx.db, user.id)) / PER_PAGE));
  if (page > pages) throw new NotFound();
  const rows = await listNotifications(ctx.db, user.id, PER_PAGE, (page - 1) * PER_PAGE);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      params: textParams(r.params, locale),
      createdAt: r.createdAt,
      unread: r.readAt === null,
      openHref: `/notifications/${encodeURIComponent(r.id)}/open`,
    })),
    unread: await unreadCount(ctx.db, user.id),
    page,
    pages,
    previousHref: page > 1 ? `/notifications?page=${page - 1}` : null,
    nextHref: page < pages ? `/notifications?page=${page + 1}` : null,
  };
}

/** Marks the user's notification read and returns where it leads (the notifications page when it leads nowhere); NotFound for anyone else's. */
export async function openNotification(ctx: AppContext, user: User, id: string): Promise<string> {
  const found = await findNotification(ctx.db, user.id, id);
  if (!found) throw new NotFound();
  if (found.readAt === null) await markRead(ctx.db, user.id, id);
  return isLocalPath(found.params.href) ? found.params.href : '/notifications';
}

export async function markAllNotificationsRead(ctx: AppContext, user: User): Promise<number> {
  return markAllRead(ctx.db, user.id);
}

export const unreadNotificationCount = (ctx: AppContext, user: User): Promise<number> => unreadCount(ctx.db, user.id);
