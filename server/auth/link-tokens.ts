// Tokens for links handed to a person (invitations, password resets): 256 random bits, shown once,
// stored only as their SHA-256, so a copy of the database opens nothing.
import { createHash, randomBytes } from 'node:crypto';

export const hashLinkToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

/** The time `days` days from `from` as ISO-8601 UTC. */
export const daysFrom = (from: string, days: number): string => new Date(Date.parse(from) + days * 86_400_000).toISOString();
