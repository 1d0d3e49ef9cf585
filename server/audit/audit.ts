// The append-only audit log: every change of state, adjustment and sign-off is a row here.
// Rows are only ever inserted; nothing in the app updates or deletes them.
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  orgId?: string | null;
  assessmentId?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: nowIso(),
      actor_id: entry.actorId,
      org_id: entry.orgId ?? null,
      assessment_id: entry.assessmentId ?? null,
      action: entry.action,
      detail_json: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
