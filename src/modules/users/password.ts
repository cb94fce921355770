// Password hashing (argon2id via @node-rs/argon2, whose binary ships in its npm package) and the
// password policy: minimum length and not one of the common passwords zxcvbn-ts ships.
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// Algorithm is an ambient const enum (not importable as a value here): 2 is Argon2id
const ARGON2ID = 2 as Algorithm;
import { dictionary } from '@zxcvbn-ts/language-common';

export const MIN_PASSWORD_LENGTH = 10;

const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** The i18n key of what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'password.tooShort';
  if (password.length > 200) return 'password.tooLong';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password.common';
  if (username && lower.includes(username.toLowerCase())) return 'password.containsUsername';
  return null;
}
