import { describe, expect, it } from 'vitest';
import express from 'express';
import { ConfigError, parseDuration, readConfig } from '../server/config.js';

const trust = (value: string) => readConfig({ TRUST_PROXY: value }).trustProxy;

/** Which address Express takes as the client's for a request from `socket` with X-Forwarded-For `xff`. */
function clientAddress(setting: unknown, socket: string, xff: string): string | undefined {
  const app = express();
  app.set('trust proxy', setting);
  const req = Object.create(express.request, {
    app: { value: app },
    socket: { value: { remoteAddress: socket } },
    headers: { value: { 'x-forwarded-for': xff } },
  });
  return req.ip;
}

describe('TRUST_PROXY', () => {
  it('reads what operators write with the meaning Express gives each', () => {
    expect(trust('true')).toBe(true);
    expect(trust('FALSE')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('loopback')).toEqual(['loopback']);
    expect(trust('loopback, 10.0.0.0/8 ,192.168.1.7')).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7']);
    expect(trust('::1, fd00::/8, uniquelocal, linklocal')).toEqual(['::1', 'fd00::/8', 'uniquelocal', 'linklocal']);
    expect(readConfig({}).trustProxy).toBeUndefined();
  });

  it('takes a hop count as hops, not as an address (one proxy in front: the address it saw is the client)', () => {
    expect(clientAddress(trust('1'), '127.0.0.1', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress(trust('2'), '127.0.0.1', '6.6.6.6, 203.0.113.9')).toBe('6.6.6.6');
    expect(clientAddress(trust('10.0.0.0/8'), '10.1.2.3', '6.6.6.6, 203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress(trust('10.0.0.0/8'), '203.0.113.50', '6.6.6.6')).toBe('203.0.113.50');
    expect(clientAddress(trust('false'), '10.1.2.3', '6.6.6.6')).toBe('10.1.2.3');
  });

  it('stops start-up on a value Express would misread or refuse, naming the variable', () => {
    for (const bad of ['yes', '10.0.0.300', '10.0.0.0/33', 'loopbak', '1.5', '-1']) {
      expect(() => trust(bad)).toThrow(ConfigError);
      expect(() => trust(bad)).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('other settings', () => {
  it('needs TRUST_PROXY with COOKIE_SECURE=true: the app hears of HTTPS only from its proxy', () => {
    expect(() => readConfig({ COOKIE_SECURE: 'true' })).toThrow(/COOKIE_SECURE.*TRUST_PROXY/);
    expect(readConfig({ COOKIE_SECURE: 'true', TRUST_PROXY: '1' }).cookieSecure).toBe(true);
  });

  it('reads session durations with units and has 8 hours idle and 7 days absolute by default', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('90')).toBe(90_000);
    const defaults = readConfig({});
    expect(defaults.sessionIdleMs).toBe(8 * 3600_000);
    expect(defaults.sessionLifetimeMs).toBe(7 * 24 * 3600_000);
    expect(readConfig({ SESSION_IDLE_TIMEOUT: '2h', SESSION_LIFETIME: '1d' })).toMatchObject({ sessionIdleMs: 7200_000, sessionLifetimeMs: 86_400_000 });
    expect(() => readConfig({ SESSION_IDLE_TIMEOUT: 'eight hours' })).toThrow(/SESSION_IDLE_TIMEOUT/);
    expect(() => readConfig({ SESSION_LIFETIME: '0d' })).toThrow(/SESSION_LIFETIME/);
  });

  it('keeps the documented listen address and takes a preset setup code', () => {
    expect(readConfig({}).host).toBe('0.0.0.0');
    expect(readConfig({ SETUP_CODE: 'abcd-efgh-2345' }).setupCode).toBe('abcd-efgh-2345');
    expect(() => readConfig({ SETUP_CODE: 'short' })).toThrow(/SETUP_CODE/);
  });

  it('sends no e-mail by default; SMTP_URL needs SITE_URL for the links, and both must be addresses', () => {
    expect(readConfig({})).toMatchObject({ smtpUrl: undefined, mailFrom: 'Zhiping <no-reply@localhost>', siteUrl: undefined });
    expect(readConfig({ SMTP_URL: 'smtp://u:p@mail.example:2525', SITE_URL: 'https://zhiping.example/' })).toMatchObject({
      smtpUrl: 'smtp://u:p@mail.example:2525',
      siteUrl: 'https://zhiping.example',
    });
    expect(() => readConfig({ SMTP_URL: 'smtp://mail.example' })).toThrow(/SMTP_URL: needs SITE_URL/);
    expect(() => readConfig({ SMTP_URL: 'http://mail.example', SITE_URL: 'https://zhiping.example' })).toThrow(/SMTP_URL/);
    expect(() => readConfig({ SITE_URL: 'zhiping.example' })).toThrow(/SITE_URL/);
    expect(() => readConfig({ MAIL_FROM: 'nobody' })).toThrow(/MAIL_FROM/);
    // A bad SMTP_URL is named, its password never printed.
    const refusal = (() => {
      try {
        readConfig({ SMTP_URL: 'smtp//u:hunter22@mail', SITE_URL: 'https://zhiping.example' });
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(refusal).toMatch(/SMTP_URL/);
    expect(refusal).not.toContain('hunter22');
  });
});
