import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/connect.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { loadSigningKey, type SigningKey } from '../../server/reports/signing/keys.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

const NO_P12 = { signingP12File: undefined, signingP12Password: undefined };

let dir: string;
let fileCount = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zhiping-signing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(bytes: Buffer | string, ext: string): string {
  const file = join(dir, `${++fileCount}.${ext}`);
  writeFileSync(file, bytes);
  return file;
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

  it('comes from SIGNING_P12_FILE when that is configured', async () => {
    const fresh = await createTestDatabase();
    try {
      await migrateToLatest(fresh.handle.db);
      const file = opensslP12('Acme 报告签名', 'correct horse');
      const config = readConfig({ SIGNING_P12_FILE: file, SIGNING_P12_PASSWORD: 'correct horse' });
      const key = await loadSigningKey(fresh.handle.db, config);
      expect(key.subject).toBe('O=Acme Assurance, CN=Acme 报告签名');
      const expected = execFileSync('openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: execFileSync('openssl', ['pkcs12', '-in', file, '-nokeys', '-clcerts', '-passin', 'pass:correct horse']), encoding: 'utf8' });
      expect(expected.trim()).toBe(`sha256 Fingerprint=${key.fingerprint}`);
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
