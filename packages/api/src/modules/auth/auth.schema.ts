import { z } from 'zod';

export const ZCredentials = z.object({
  username: z
    .string()
    .trim()
    .min(3, 'at least 3 characters')
    .max(32, 'at most 32 characters')
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, dot, dash and underscore only'),
  password: z.string().min(8, 'at least 8 characters').max(128, 'at most 128 characters'),
});
export type Credentials = z.infer<typeof ZCredentials>;

export const ZSignInInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
