// The key that signs finalized reports: the PKCS#12 file named by SIGNING_P12_FILE, or else a
// self-signed one generated on first use and kept in app_settings, so that every app process signs
// with the same key.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { P12Signer, type Signer } from '@libpdf/core';
import type { Kysely } from 'kysely';
import { ConfigError, type Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import { selfSignedP12 } from './self-signed.js';

export interface SigningKey {
  /** What @libpdf/core signs with: the private key and the certificate chain. */
  signer: Signer;
  /** The certificate's subject, e.g. "CN=Zhiping report signing", for display. */
  subject: string;
  /** SHA-256 of the certificate, colon-separated hex as certificate viewers show it. */
  fingerprint: string;
}

const SETTING_KEY = 'report_signing_p12';
// The database row is the secret, as with the session secret; PKCS#12 only insists on a password.
const STORED_P12_PASSWORD = 'zhiping-report-signing';

export async function loadSigningKey(
  db: Kysely<Database>,
  config: Pick<Config, 'signingP12File' | 'signingP12Password'>,
): Promise<SigningKey> {
  if (config.signingP12File) return openConfiguredP12(config.signingP12File, config.signingP12Password ?? '');
  return openP12(await storedP12(db), STORED_P12_PASSWORD);
}

async function openConfiguredP12(file: string, password: string): Promise<SigningKey> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new ConfigError(`SIGNING_P12_FILE: cannot read ${file} (${messageOf(err)})`);
  }
  try {
    return await openP12(bytes, password);
  } catch (err) {
    throw new ConfigError(
      `SIGNING_P12_FILE: ${file} is not a PKCS#12 file that SIGNING_P12_PASSWORD opens (${messageOf(err)})`,
    );
  }
}

/** The generated key: the first process to need it writes it, every other one reads that one. */
async function storedP12(db: Kysely<Database>): Promise<Buffer> {
  const stored = () => db.selectFrom('app_settings').select('value').where('key', '=', SETTING_KEY);
  // Look first: generating a key costs ~0.2 s, and after the first start it is always there.
  let row = await stored().executeTakeFirst();
  if (!row) {
    await db
      .insertInto('app_settings')
      .values({ key: SETTING_KEY, value: selfSignedP12(STORED_P12_PASSWORD).toString('base64') })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    row = await stored().executeTakeFirstOrThrow();
  }
  return Buffer.from(row.value, 'base64');
}

async function openP12(bytes: Buffer, password: string): Promise<SigningKey> {
  const signer = await P12Signer.create(bytes, password);
  const cert = new X509Certificate(signer.certificate);
  return { signer, subject: cert.subject.split('\n').join(', '), fingerprint: cert.fingerprint256 };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
