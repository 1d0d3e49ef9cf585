// Personal access tokens for the JSON API: created and revoked by their owner on /account/tokens,
// shown once, stored as SHA-256 (a token is 256 random bits, so a fast hash is enough), audited.
// A token acts as its user, with the user's role everywhere: `read` only reads, `write` also changes.
import { createHash, randomBytes } from 'node:crypto';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { newId, nowIso } from '../db/ids.js';
import type { User } from '../db/schema.js';
import { Invalid, NotFound } from '../errors.js';
import { inTransaction } from '../record/write-path.js';
import { findByHash, insertToken, markRevoked, tokensOf, touchLastUsed, type ApiTokenRow } from './tokens-repo.js';

export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

const PREFIX = 'zp_';
const TOKEN_SHAPE = /^zp_[A-Za-z0-9_-]{43}$/;

export const hashApiToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The UTC offset of `timeZone` at instant `at`, in ms. */
function offsetMs(at: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - Math.floor(at / 1000) * 1000;
}

/** Today's date (YYYY-MM-DD) in the deployment's time zone. */
export function todayIn(timeZone: string, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The instant a token valid through `date` (YYYY-MM-DD, in `timeZone`) stops working: the next midnight there. */
export function expiryOf(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d + 1);
  return new Date(guess - offsetMs(guess - offsetMs(guess, timeZone), timeZone)).toISOString();
}

export interface NewTokenInput {
  name: string;
  scope: TokenScope;
  /** YYYY-MM-DD: the last day the token works; absent: no expiry. */
  expiresOn?: string;
}

export async function createToken(ctx: AppContext, user: User, input: NewTokenInput): Promise<{ token: string; row: ApiTokenRow }> {
  if (input.expiresOn && input.expiresOn < todayIn(ctx.config.timeZone)) throw new Invalid('errors.invalidInput', { expiresOn: 'api.tokens.expiryPast' });
  const token = PREFIX + randomBytes(32).toString('base64url');
  const row: ApiTokenRow = {
    id: newId(),
    user_id: user.id,
    name: input.name,
    scope: input.scope,
    token_hash: hashApiToken(token),
    created_at: nowIso(),
    expires_at: input.expiresOn ? expiryOf(input.expiresOn, ctx.config.timeZone) : null,
    last_used_at: null,
    revoked_at: null,
    revoked_by: null,
  };
  await inTransaction(ctx.db, async (trx) => {
    await insertToken(trx, row);
    await recordAudit(trx, { actorId: user.id, action: 'api-token.created', detail: { tokenId: row.id, name: row.name, scope: row.scope, expiresAt: row.expires_at } });
  });
  return { token, row };
}

export async function revokeToken(ctx: AppContext, user: User, tokenId: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const row = await markRevoked(trx, user.id, tokenId, user.id, nowIso());
    if (!row) throw new NotFound();
    await recordAudit(trx, { actorId: user.id, action: 'api-token.revoked', detail: { tokenId: row.id, name: row.name } });
  });
}

export type TokenState = 'active' | 'expired' | 'revoked';

const stateOf = (row: ApiTokenRow, now: string): TokenState => (row.revoked_at ? 'revoked' : row.expires_at && row.expires_at <= now ? 'expired' : 'active');

/** The tokens page: the user's tokens with their state. */
export async function tokensPage(ctx: AppContext, user: User) {
  const now = nowIso();
  const rows = await tokensOf(ctx.db, user.id);
  // Shown as the last day it works (the day picked), not the midnight it stops.
  const lastValidAt = (r: ApiTokenRow) => (r.expires_at ? new Date(Date.parse(r.expires_at) - 1).toISOString() : null);
  return { tokens: rows.map((r) => ({ ...r, state: stateOf(r, now), lastValidAt: lastValidAt(r) })), today: todayIn(ctx.config.timeZone) };
}

export interface TokenHolder {
  user: User;
  tokenId: string;
  scope: TokenScope;
}

/**
 * The user and scope of a bearer token, or undefined when it is unknown, revoked, expired or its
 * user is deactivated: the API answers all of these 401 alike.
 */
export async function authenticateToken(ctx: AppContext, bearer: string): Promise<TokenHolder | undefined> {
  if (!TOKEN_SHAPE.test(bearer)) return undefined;
  const found = await findByHash(ctx.db, hashApiToken(bearer));
  if (!found) return undefined;
  const now = new Date();
  if (stateOf(found.token, now.toISOString()) !== 'active' || found.user.deactivated_at) return undefined;
  await touchLastUsed(ctx.db, found.token.id, now.toISOString(), new Date(now.getTime() - 60_000).toISOString());
  return { user: found.user, tokenId: found.token.id, scope: found.token.scope === 'write' ? 'write' : 'read' };
}
