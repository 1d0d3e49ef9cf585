// Input schemas for an organization's profile, shared by registration and the profile page. Messages
// are i18n keys; a credit code comes out normalised, or with the reason it is not valid.
import { z } from 'zod';
import { checkCreditCode, normalizeCreditCode } from '../domain/credit-code.js';
import { INDUSTRIES, PROVINCES, SIZE_BANDS } from './catalogs.js';

const CREDIT_CODE_MESSAGES = {
  length: 'errors.creditCodeLength',
  character: 'errors.creditCodeCharacter',
  checkDigit: 'errors.creditCodeCheckDigit',
} as const;

export const CreditCode = z
  .string({ message: 'errors.required' })
  .max(100, 'errors.tooLong')
  .transform((typed, ctx) => {
    if (!normalizeCreditCode(typed)) {
      ctx.addIssue({ code: 'custom', message: 'errors.required' });
      return z.NEVER;
    }
    const checked = checkCreditCode(typed);
    if (checked.valid) return checked.code;
    ctx.addIssue({ code: 'custom', message: CREDIT_CODE_MESSAGES[checked.problem] });
    return z.NEVER;
  });

/** The organization's fields as registration and the profile page ask them. */
export const OrganizationFields = {
  orgName: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong'),
  nameEn: z
    .string()
    .trim()
    .max(200, 'errors.tooLong')
    .optional()
    .transform((v) => v || null),
  creditCode: CreditCode,
  province: z.enum(PROVINCES, { message: 'errors.choose' }),
  industry: z.enum(INDUSTRIES, { message: 'errors.choose' }),
  sizeBand: z.enum(SIZE_BANDS, { message: 'errors.choose' }),
};

export const ProfileForm = z.object(OrganizationFields);
export type ProfileInput = z.infer<typeof ProfileForm>;

/** What the profile and registration forms list. */
export const profileChoices = { industries: INDUSTRIES, sizeBands: SIZE_BANDS, provinces: PROVINCES };
