import { z } from 'zod';
import { ROLES } from '../../db/schema/users.js';
import { optEmail, reqEnum, reqId, reqText } from '../../web/forms.js';

/** Lower-case letters, digits and . _ - ; typed in any case, stored lower-case. */
export const USERNAME_PATTERN = /^[a-z0-9._-]{3,50}$/;

export const username = z
  .string('v.invalid')
  .transform((s) => s.normalize('NFC').trim().toLowerCase())
  .pipe(z.string().min(1, 'v.required').regex(USERNAME_PATTERN, 'v.username'));

/** What an admin may change on an account (the username is fixed once created). */
export const userEditForm = z.object({
  fullName: reqText(120),
  email: optEmail,
  role: reqEnum(ROLES),
  organisationId: reqId,
});

export const userCreateForm = userEditForm.extend({ username });

export type UserEditInput = z.infer<typeof userEditForm>;
export type UserCreateInput = z.infer<typeof userCreateForm>;
