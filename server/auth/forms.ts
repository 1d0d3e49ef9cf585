// Input schemas for sign-in and account creation. Messages are i18n keys, translated in views.
import { z } from 'zod';
import { isCommonPassword } from './common-passwords.js';

export const Email = z.string().trim().min(1, 'errors.required').max(254).email('errors.email');
/** At least 10 characters and not on the common-password list; nothing else is asked of it. */
export const Password = z
  .string()
  .min(10, 'errors.passwordLength')
  .max(200, 'errors.tooLong')
  .refine((p) => !isCommonPassword(p), 'errors.passwordCommon');
export const Name = z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong');

export const LoginForm = z.object({
  email: Email,
  password: z.string().min(1, 'errors.required').max(200),
  next: z.string().optional(),
});

/** A new password typed twice (check with passwordsMatch). */
export const NewPasswordFields = { password: Password, passwordConfirm: z.string() };

/** A new account with the password typed twice. */
export const AccountFields = { name: Name, email: Email, ...NewPasswordFields };

export const passwordsMatch = <T extends { password: string; passwordConfirm: string }>(v: T) =>
  v.password === v.passwordConfirm;
export const passwordMismatch = { message: 'errors.passwordMismatch', path: ['passwordConfirm'] };

export const SetupForm = z
  .object({ setupCode: z.string().trim().min(1, 'errors.required').max(200), ...AccountFields })
  .refine(passwordsMatch, passwordMismatch);
