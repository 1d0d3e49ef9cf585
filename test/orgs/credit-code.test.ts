// The unified social credit code's check (GB 32100-2015), on codes published by real companies and on
// corruptions of them.
import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCodeCheckDigit, CREDIT_CODE_CHARSET, normalizeCreditCode } from '../../server/domain/credit-code.js';
import { organizationLabel } from '../../server/domain/organization.js';
import { PROVINCES } from '../../server/orgs/catalogs.js';
import en from '../../locales/en.json' with { type: 'json' };
import zh from '../../locales/zh-CN.json' with { type: 'json' };

/** The standard's own example, and the codes on the business licences of Huawei, Tencent, Alibaba (China) and Xiaomi. */
const PUBLISHED = ['91350100M000100Y43', '914403001922038216', '91440300708461136T', '91330100716105852F', '91110108551385082Q'];

describe('the unified social credit code', () => {
  it.each(PUBLISHED)('accepts the published code %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ valid: true, code });
  });

  it('has 31 characters: digits and capital letters without I, O, S, V and Z', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(CREDIT_CODE_CHARSET).not.toContain(c);
  });

  it('normalises what was typed: spaces, full-width characters, lower case', () => {
    expect(normalizeCreditCode(' 9135 0100 m000 100y43 ')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(normalizeCreditCode('91350100M000100Y43\u3000')).toBe('91350100M000100Y43');
    expect(checkCreditCode('９１３５０１００ｍ０００１００ｙ４３')).toEqual({ valid: true, code: '91350100M000100Y43' });
  });

  it('says the length is wrong for a missing or an extra character', () => {
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ valid: false, problem: 'length' });
    expect(checkCreditCode('91350100M000100Y433')).toMatchObject({ valid: false, problem: 'length' });
    expect(checkCreditCode('')).toMatchObject({ valid: false, problem: 'length' });
  });

  it('says which kind of character is not allowed (I, O, S, V, Z, punctuation)', () => {
    for (const bad of ['I', 'O', 'S', 'V', 'Z', '-', '中']) {
      expect(checkCreditCode(`91350100M000100Y4${bad}`), bad).toMatchObject({ valid: false, problem: 'character' });
      expect(checkCreditCode(`${bad}1350100M000100Y43`), bad).toMatchObject({ valid: false, problem: 'character' });
    }
  });

  it('refuses every single-character typo and every swap of neighbours in the published codes by their check digit', () => {
    for (const code of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const c of CREDIT_CODE_CHARSET) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          expect(checkCreditCode(typo), typo).toMatchObject({ valid: false, problem: 'checkDigit' });
        }
      }
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(checkCreditCode(swapped).valid, swapped).toBe(false);
      }
    }
  });

  it('computes the check digit of the first 17 characters, 0 where 31 − (Σ mod 31) is 31', () => {
    for (const code of PUBLISHED) expect(creditCodeCheckDigit(code.slice(0, 17))).toBe(code[17]);
    const zeroSum = '00000000000000000';
    expect(creditCodeCheckDigit(zeroSum)).toBe('0');
  });
});

describe('the provinces', () => {
  it('are the 34 provincial-level divisions, each named in both languages', () => {
    expect(new Set(PROVINCES).size).toBe(34);
    for (const code of PROVINCES) {
      expect(code).toMatch(/^\d{2}0000$/);
      expect((en.province as Record<string, string>)[code], code).toBeTruthy();
      expect((zh.province as Record<string, string>)[code], code).toBeTruthy();
    }
    expect(zh.province['110000']).toBe('北京市');
    expect(en.province['810000']).toBe('Hong Kong SAR');
  });
});

describe('an organization as listed', () => {
  const org = { name: '示例制造有限公司', nameEn: 'Example Manufacturing Co., Ltd.', creditCode: '91350100M000100Y43' };
  it('carries its credit code, and its English name on English pages', () => {
    expect(organizationLabel(org, 'zh-CN')).toBe('示例制造有限公司（91350100M000100Y43）');
    expect(organizationLabel(org, 'en')).toBe('Example Manufacturing Co., Ltd. (91350100M000100Y43)');
    expect(organizationLabel({ name: '老公司' }, 'en')).toBe('老公司');
  });
});
