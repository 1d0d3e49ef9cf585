// The unified social credit code (统一社会信用代码, GB 32100-2015) an organization is identified by:
// 18 characters from a 31-character set (no I, O, Z, S, V), the last a check digit over the first 17.
// Pure: normalises what a person typed and says exactly what is wrong with it.

/** The code's characters in the order of their values (0–30). */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export const CREDIT_CODE_LENGTH = 18;

export type CreditCodeProblem = 'length' | 'character' | 'checkDigit';

export type CreditCodeCheck = { valid: true; code: string } | { valid: false; code: string; problem: CreditCodeProblem };

/** As typed → as stored: full-width letters and digits made half-width, upper case, no spaces. */
export function normalizeCreditCode(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/** The check digit for the first 17 characters (which must all be in the charset). */
export function creditCodeCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < WEIGHTS.length; i++) sum += CREDIT_CODE_CHARSET.indexOf(body[i]) * WEIGHTS[i];
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Normalises `input` and checks its length, its characters and its check digit, in that order. */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = normalizeCreditCode(input);
  if ([...code].length !== CREDIT_CODE_LENGTH) return { valid: false, code, problem: 'length' };
  if ([...code].some((c) => !CREDIT_CODE_CHARSET.includes(c))) return { valid: false, code, problem: 'character' };
  if (creditCodeCheckDigit(code) !== code[17]) return { valid: false, code, problem: 'checkDigit' };
  return { valid: true, code };
}
