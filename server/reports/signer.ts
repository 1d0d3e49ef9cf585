// The platform's report signer: signs a rendered PDF with the platform's key (a configured PKCS#12
// file, or the self-signed key generated once and shared through the database). The key is loaded
// once at start-up, so a wrong password stops start-up instead of the first sign-off.
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { loadSigningKey, type SigningKey } from './signing/keys.js';
import { signPdf, type SignatureInfo } from './signing/sign-pdf.js';

export interface ReportSigner {
  sign(pdf: Buffer, info: SignatureInfo): Promise<Buffer>;
  /** The certificate's subject and SHA-256 fingerprint, for display. */
  subject: string;
  fingerprint: string;
}

export async function reportSigner(db: Kysely<Database>, config: Config): Promise<ReportSigner> {
  const key: SigningKey = await loadSigningKey(db, config);
  return { sign: (pdf, info) => signPdf(pdf, key, info), subject: key.subject, fingerprint: key.fingerprint };
}
