// The one-time setup code that guards the setup page on first start, so that whoever reaches a new
// installation first on the LAN cannot make themselves platform admin. Start-up prints it to the log
// (as Grafana and Jenkins do with their first password); an automated install may preset SETUP_CODE.
// It is kept in app_settings so every process asks for the same code, and removed once the admin exists.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { platformAdminExists } from '../auth/users-repo.js';
import type { Database } from '../db/schema.js';

const SETTING = 'setup_code';
// No 0/O, 1/I/L: the code is read off a log and typed by hand.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Four groups of four (about 79 bits), e.g. "K7QH-2MXD-9RTA-WBEN". */
export function newSetupCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

const normalize = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();
const digest = (code: string) => createHash('sha256').update(normalize(code)).digest();

/** Compares what was typed with the code in constant time, ignoring case, spaces and dashes. */
export function setupCodeMatches(typed: string, code: string): boolean {
  return timingSafeEqual(digest(typed), digest(code));
}

/**
 * At start-up: the code the setup page asks for, or undefined once a platform admin exists (and then
 * no code is kept). A preset code is used as it is and never stored.
 */
export async function prepareSetupCode(db: Kysely<Database>, preset?: string): Promise<string | undefined> {
  if (await platformAdminExists(db)) {
    await forgetSetupCode(db);
    return undefined;
  }
  if (preset) return preset;
  await db
    .insertInto('app_settings')
    .values({ key: SETTING, value: newSetupCode() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return currentSetupCode(db);
}

/** The code a setup form must carry now; undefined when none was prepared. */
export async function currentSetupCode(db: Kysely<Database>, preset?: string): Promise<string | undefined> {
  if (preset) return preset;
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', SETTING).executeTakeFirst();
  return row?.value;
}

export async function forgetSetupCode(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('app_settings').where('key', '=', SETTING).execute();
}
