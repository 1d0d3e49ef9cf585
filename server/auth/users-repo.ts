// Data access for users.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database, User } from '../db/schema.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function platformAdminExists(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('is_platform_admin', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

export interface NewUserInput {
  email: string;
  name: string;
  passwordHash: string;
  isPlatformAdmin?: boolean;
  isConsultant?: boolean;
  /** A consultant's firm. */
  affiliation?: string | null;
}

export async function insertUser(db: Kysely<Database>, input: NewUserInput): Promise<User> {
  const user: User = {
    id: newId(),
    email: normalizeEmail(input.email),
    name: input.name.trim(),
    password_hash: input.passwordHash,
    is_platform_admin: input.isPlatformAdmin ? 1 : 0,
    is_consultant: input.isConsultant ? 1 : 0,
    created_at: nowIso(),
    deactivated_at: null,
    password_changed_at: null,
    affiliation: input.affiliation?.trim() || null,
  };
  await db.insertInto('users').values(user).execute();
  return user;
}

export async function setAffiliation(db: Kysely<Database>, userId: string, affiliation: string): Promise<void> {
  await db.updateTable('users').set({ affiliation }).where('id', '=', userId).execute();
}
