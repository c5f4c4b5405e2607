import { z } from 'zod';
import { hasControlCharacters } from '../../infra/input.js';
import { canonicalUsername } from './username.js';

/** A username as typed, in its canonical form (see username.ts): `Alice` signs up and in as `alice`. */
const ZUsernameText = z
  .string({ error: 'a username' })
  .max(64, 'at most 32 characters')
  .refine((text) => !hasControlCharacters(text), 'no control characters')
  .transform(canonicalUsername);

const ZPasswordText = z
  .string({ error: 'a password' })
  .max(128, 'at most 128 characters')
  .refine((text) => !hasControlCharacters(text), 'no control characters');

export const ZCredentials = z.object({
  username: ZUsernameText.pipe(
    z
      .string()
      .min(3, 'at least 3 characters')
      .max(32, 'at most 32 characters')
      .regex(/^[a-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only'),
  ),
  password: ZPasswordText.pipe(z.string().min(8, 'at least 8 characters')),
});
export type Credentials = z.infer<typeof ZCredentials>;

export const ZSignInInput = z.object({
  username: ZUsernameText.pipe(z.string().min(1, 'required')),
  password: ZPasswordText.pipe(z.string().min(1, 'required')),
});
