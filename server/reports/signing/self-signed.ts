// A self-signed report-signing certificate, for installations that configure no PKCS#12 file. A
// reader sees the signature as intact but its issuer as unknown; a CA-issued key (SIGNING_P12_FILE)
// is what makes a viewer trust it. node-forge writes the certificate and the PKCS#12, which
// node:crypto cannot.
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export const SELF_SIGNED_COMMON_NAME = 'Zhiping report signing';
const VALID_YEARS = 10;

/** A new RSA-2048 key and its certificate as PKCS#12 bytes, encrypted with AES-256 under `password`. */
export function selfSignedP12(password: string, now = new Date()): Buffer {
  // forge hands key generation to node:crypto when it can, so this takes ~0.2 s, not seconds.
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setUTCFullYear(now.getUTCFullYear() + VALID_YEARS);
  const name = [{ name: 'commonName', value: SELF_SIGNED_COMMON_NAME }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const p12 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], password, { algorithm: 'aes256' });
  return Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary');
}

/** 16 random bytes as a positive DER INTEGER with no leading zero byte (RFC 5280 §4.1.2.2). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}
