import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportBenchInput } from '../../bench/report.js';
import { ConfigError, readConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { buildReportModel } from '../../server/reports/model.js';
import { renderReportPdf } from '../../server/reports/pdf.js';
import { loadSigningKey, type SigningKey } from '../../server/reports/signing/keys.js';
import { signPdf, type SignatureInfo } from '../../server/reports/signing/sign-pdf.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { pdfInfo, pdfOutline, pdfSignatures, pdfStructure } from '../helpers/pdf.js';

const NO_P12 = { signingP12File: undefined, signingP12Password: undefined };
const INFO: SignatureInfo = { reason: '成熟度评估报告签发', location: '上海', name: '王顾问', contactInfo: 'review@example.com' };

let dir: string;
let fileCount = 0;
/** The real report of a 150-question assessment: pdfkit 0.20, buffered pages, Noto Sans SC subsets. */
let report: Buffer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zhiping-signing-'));
  report = await renderReportPdf(buildReportModel(reportBenchInput(), 'zh-CN'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(bytes: Buffer | string, ext = 'pdf'): string {
  const file = join(dir, `${++fileCount}.${ext}`);
  writeFileSync(file, bytes);
  return file;
}

function pdftotext(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', tempFile(pdf), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function pageCount(pdf: Buffer): number {
  return Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [tempFile(pdf)], { encoding: 'utf8' }))![1]);
}

/** Where the (compressed) content stream of the first page object in the file starts. */
function pageContentOffset(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const contents = /\/Type \/Page\n[^]*?\/Contents (\d+) 0 R/.exec(text)![1];
  const obj = text.indexOf(`\n${contents} 0 obj\n`);
  return text.indexOf('stream\n', obj) + 'stream\n'.length;
}

/** A text entry of the signature dictionary as a reader decodes it: UTF-16 hex or a literal string. */
function signatureEntry(pdf: Buffer, name: string): string {
  const raw = new RegExp(`/${name} (<[0-9A-F]+>|\\((?:\\\\.|[^\\\\)])*\\))`).exec(pdf.toString('latin1'))![1];
  if (raw.startsWith('<')) return Buffer.from(raw.slice(1, -1), 'hex').swap16().toString('utf16le').replace(/^\uFEFF/, '');
  return raw.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** A key and certificate made the way an operator would, with openssl, as a PKCS#12 file. */
function opensslP12(commonName: string, password: string): string {
  const key = join(dir, `${++fileCount}.key`);
  const cert = join(dir, `${++fileCount}.crt`);
  const p12 = join(dir, `${++fileCount}.p12`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-utf8', '-subj', `/O=Acme Assurance/CN=${commonName}`], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', `pass:${password}`]);
  return p12;
}

function certificateOf(key: SigningKey): X509Certificate {
  return new X509Certificate(key.signer.certificate);
}

describe('signing a finalized report', () => {
  let database: TestDatabase;
  let key: SigningKey;
  let signed: Buffer;
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
    key = await loadSigningKey(database.handle.db, NO_P12);
    signed = await signPdf(report, key, INFO);
  });
  afterAll(() => database.dispose());

  it('gives a PDF that pdfsig finds validly signed, by the report-signing certificate, over the whole file', () => {
    expect(pageCount(report)).toBeGreaterThan(10);
    const out = pdfSignatures(signed);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Zhiping report signing');
    expect(out).toContain('Signature Field Name: 王顾问');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signing Hash Algorithm: SHA-256');
    expect(out).toContain('Total document signed');
  });

  it('appends the signature and leaves the bytes pdfkit wrote untouched', () => {
    expect(signed.subarray(0, report.length).equals(report)).toBe(true);
  });

  it('is reported not valid once one byte of page content changes', () => {
    const offset = pageContentOffset(signed);
    const firstRangeEnd = Number(/Signed Ranges: \[0 - (\d+)\]/.exec(pdfSignatures(signed))![1]);
    expect(offset).toBeLessThan(firstRangeEnd);
    const tampered = Buffer.from(signed);
    tampered[offset + 20] ^= 0x01;
    const out = pdfSignatures(tampered);
    expect(out).toMatch(/Signature Validation: /);
    expect(out).not.toContain('Signature is Valid.');
    expect(out).toContain('Signature Validation: Digest Mismatch.');
  });

  it('keeps every page and all the Chinese text', () => {
    expect(pageCount(signed)).toBe(pageCount(report));
    const text = pdftotext(signed);
    expect(text).toBe(pdftotext(report));
    expect(text).toContain('执行摘要');
    expect(text).toContain('附录：全部答案');
  });

  it('stays tagged, in its language, with its structure and bookmarks', () => {
    expect(pdfInfo(signed)).toMatch(/Tagged:\s+yes/);
    expect(signed.toString('latin1')).toContain('/Lang (zh-CN)');
    expect(pdfStructure(signed)).toBe(pdfStructure(report));
    expect(pdfOutline(signed)).toEqual(pdfOutline(report));
    expect(pdfOutline(signed).length).toBeGreaterThan(5);
  });

  it('records signer, reason, location and contact readably, brackets and all', async () => {
    const info = { name: 'Dr. Li (Acme)', reason: 'Sign-off (final)\nreport', location: '上海 (HQ)', contactInfo: 'li\\review@example.com' };
    const withSymbols = await signPdf(report, key, info);
    const out = pdfSignatures(withSymbols);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    // A period would make the field name a hierarchy; the one-dot leader looks the same.
    expect(out).toContain('Signature Field Name: Dr\u2024 Li (Acme)');
    expect(signatureEntry(withSymbols, 'Reason')).toBe('Sign-off （final） report');
    expect(signatureEntry(withSymbols, 'Location')).toBe('上海 （HQ）');
    expect(signatureEntry(withSymbols, 'ContactInfo')).toBe('li＼review@example.com');
    expect(signatureEntry(signed, 'Reason')).toBe(INFO.reason);
  });
});

describe('the report-signing key', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateToLatest(database.handle.db);
  });
  afterAll(() => database.dispose());

  it('is generated once when none is configured, and every caller, at once or later, gets that one', async () => {
    // A second connection to the same database stands for a second app process.
    const other = openDatabase({ dataDir: database.dataDir, databaseUrl: database.databaseUrl, pgPoolSize: 2 });
    try {
      const [a, b] = await Promise.all([loadSigningKey(database.handle.db, NO_P12), loadSigningKey(other.db, NO_P12)]);
      const later = await loadSigningKey(database.handle.db, NO_P12);
      expect(a.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      expect(b.fingerprint).toBe(a.fingerprint);
      expect(later.fingerprint).toBe(a.fingerprint);
      expect(certificateOf(later).fingerprint256).toBe(a.fingerprint);
    } finally {
      await other.close();
    }
    const rows = await database.handle.db.selectFrom('app_settings').select('key').where('key', 'like', '%signing%').execute();
    expect(rows).toHaveLength(1);
  });

  it('is a self-signed RSA-2048 certificate for "Zhiping report signing", valid ten years, for signatures only', async () => {
    const key = await loadSigningKey(database.handle.db, NO_P12);
    expect(key.subject).toBe('CN=Zhiping report signing');
    const cert = certificateOf(key);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeCloseTo(10, 1);
    const usage = forge.pki.certificateFromPem(cert.toString()).getExtension('keyUsage') as Record<string, boolean>;
    expect(usage).toMatchObject({ critical: true, digitalSignature: true, nonRepudiation: true, keyCertSign: false, keyEncipherment: false });
  });

  it('comes from SIGNING_P12_FILE when that is configured, and signs with it', async () => {
    const fresh = await createTestDatabase();
    try {
      await migrateToLatest(fresh.handle.db);
      const file = opensslP12('Acme 报告签名', 'correct horse');
      const config = readConfig({ SIGNING_P12_FILE: file, SIGNING_P12_PASSWORD: 'correct horse' });
      const key = await loadSigningKey(fresh.handle.db, config);
      expect(key.subject).toBe('O=Acme Assurance, CN=Acme 报告签名');
      const expected = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: execFileSync('openssl', ['pkcs12', '-in', file, '-nokeys', '-clcerts', '-passin', 'pass:correct horse']), encoding: 'utf8' });
      expect(expected.trim()).toBe(`sha256 Fingerprint=${key.fingerprint}`);
      const out = pdfSignatures(await signPdf(report, key, INFO));
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Signer Certificate Common Name: Acme 报告签名');
      expect(await fresh.handle.db.selectFrom('app_settings').select('key').where('key', 'like', '%signing%').execute()).toEqual([]);
    } finally {
      await fresh.dispose();
    }
  });

  it('stops start-up with the variable named when the configured file will not open', async () => {
    const file = opensslP12('Acme Reports', 'right');
    const db = database.handle.db;
    const wrong = loadSigningKey(db, { signingP12File: file, signingP12Password: 'wrong' });
    await expect(wrong).rejects.toBeInstanceOf(ConfigError);
    await expect(wrong).rejects.toThrow(`SIGNING_P12_FILE: ${file} is not a PKCS#12 file that SIGNING_P12_PASSWORD opens`);
    const notP12 = tempFile('not a key', 'p12');
    await expect(loadSigningKey(db, { signingP12File: notP12, signingP12Password: 'right' })).rejects.toThrow(/^SIGNING_P12_FILE: .* is not a PKCS#12 file/);
    expect(() => readConfig({ SIGNING_P12_FILE: join(dir, 'missing.p12') })).toThrow(/SIGNING_P12_FILE: cannot read the PKCS#12 file .*missing\.p12/);
    expect(() => readConfig({ SIGNING_P12_PASSWORD: 'x' })).toThrow(/SIGNING_P12_PASSWORD: set without SIGNING_P12_FILE/);
  });
});
