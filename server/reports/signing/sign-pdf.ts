// Signs a finished report PDF: a PAdES baseline B-B signature (CMS, SubFilter ETSI.CAdES.detached,
// SHA-256) appended as an incremental update, so the bytes pdfkit wrote stay exactly as they were.
//
// Why @libpdf/core rather than the @signpdf packages (both verify with pdfsig): its CMS carries the
// ESS signing-certificate-v2 attribute that PAdES requires, where @signpdf/signer-p12 writes plain
// PKCS#7 attributes and ETSI.CAdES.detached is only a label; it parses the PDF rather than editing
// it by string search like @signpdf/placeholder-plain, which also installs a second pdfkit (0.10)
// beside ours; it is ESM with its own types, runs on Node 20 and signs a 30-page report in 15-35 ms.
// Where it falls short of strict B-B: the CMS also has a signing-time attribute (EN 319 142-1 keeps
// the claimed time in /M alone), and it writes no /Name (see fieldName).
import { PDF } from '@libpdf/core';
import type { SigningKey } from './keys.js';

export interface SignatureInfo {
  reason: string;
  location?: string;
  /** Who signs, e.g. the consultant who signed off; names the signature field (see fieldName). */
  name: string;
  contactInfo?: string;
}

/** Room for the CMS besides its certificates: signed attributes, a signature of up to RSA-4096, DER framing. */
const CMS_OVERHEAD_BYTES = 4096;

export async function signPdf(pdf: Buffer, key: SigningKey, info: SignatureInfo): Promise<Buffer> {
  const doc = await PDF.load(pdf);
  const { bytes } = await doc.sign({
    signer: key.signer,
    level: 'B-B',
    reason: dictionaryText(info.reason),
    location: info.location && dictionaryText(info.location),
    contactInfo: info.contactInfo && dictionaryText(info.contactInfo),
    fieldName: fieldName(info.name),
    estimatedSize: placeholderSize(key),
  });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * @libpdf/core 0.4.2 escapes \, ( and ) and line breaks in these entries twice, so a reader would show
 * the backslashes. Full-width brackets and backslash read the same (and are what Chinese text uses),
 * and the entries are single lines anyway.
 */
function dictionaryText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replaceAll('(', '（').replaceAll(')', '）').replaceAll('\\', '＼');
}

/**
 * The library writes no /Name entry, and the PDF spec keeps /Name for signatures whose certificate
 * cannot name the signer anyway. The signature field's name is what pdfsig and viewers' signature
 * panels list, so the signer's name goes there; a period would make it a field hierarchy, so it
 * becomes a one-dot leader, which reads the same.
 */
function fieldName(name: string): string | undefined {
  return name.trim().replaceAll('.', '\u2024') || undefined;
}

/** The /Contents placeholder: the certificates dominate the CMS size, so a long chain gets more room. */
function placeholderSize(key: SigningKey): number {
  const chain = [key.signer.certificate, ...(key.signer.certificateChain ?? [])];
  return CMS_OVERHEAD_BYTES + chain.reduce((sum, cert) => sum + cert.length, 0);
}
