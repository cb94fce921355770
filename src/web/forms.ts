// The one form helper: zod field builders whose messages are i18n keys, and ZodError → field errors.
import { z } from 'zod';
import { parseDateInput } from '../i18n/format.js';
import type { FieldErrors } from '../domain/errors.js';

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** A single text value from a urlencoded body (arrays, i.e. repeated fields, are rejected). */
const str = z.string('v.invalid').transform((s) => s.normalize('NFC').trim());

export const reqText = (max: number) =>
  str.pipe(z.string().min(1, 'v.required').max(max, 'v.tooLong').refine((s) => !CONTROL_CHARS.test(s), 'v.invalid'));

export const optText = (max: number) =>
  str
    .optional()
    .transform((s) => (s ? s : null))
    .pipe(z.string().max(max, 'v.tooLong').refine((s) => !CONTROL_CHARS.test(s), 'v.invalid').nullable());

/** Multi-line text: newlines allowed. */
export const optLongText = (max: number) =>
  str
    .optional()
    .transform((s) => (s ? s.replace(/\r\n/g, '\n') : null))
    .pipe(z.string().max(max, 'v.tooLong').nullable());

export const code = (max = 40) =>
  str.pipe(
    z
      .string()
      .min(1, 'v.required')
      .max(max, 'v.tooLong')
      .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/, 'v.code'),
  );

export const optEmail = optText(200).pipe(z.email('v.email').nullable());

export const optDate = str
  .optional()
  .transform((s, ctx) => {
    if (!s) return null;
    const iso = parseDateInput(s);
    if (!iso) {
      ctx.addIssue({ code: 'custom', message: 'v.date' });
      return z.NEVER;
    }
    return iso;
  });

export const reqDate = optDate.pipe(z.string('v.required'));

/** A checkbox: present ("on", "1", "true") is true, absent is false. */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '' && v !== '0' && v !== 'false'));

export const reqId = str.pipe(z.string().min(1, 'v.required').regex(/^\d{1,9}$/, 'v.invalid')).transform(Number);
export const optId = str
  .optional()
  .transform((s) => (s ? s : null))
  .pipe(z.string().regex(/^\d{1,9}$/, 'v.invalid').transform(Number).nullable());

export const reqEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: 'v.choose' });
export const optEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(''), z.enum(values, { message: 'v.choose' })])
    .optional()
    .transform((v) => (v ? (v as T[number]) : null));

export const intInRange = (min: number, max: number) =>
  str.pipe(z.string().regex(/^\d+$/, 'v.integer').transform(Number).pipe(z.number().int().min(min, 'v.range').max(max, 'v.range')));

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    if (out[field]) continue;
    // our messages are i18n keys; zod's own defaults (sentences) become the generic message
    out[field] = /^[a-z]+(\.[a-zA-Z0-9_-]+)+$/.test(issue.message) ? issue.message : 'v.invalid';
  }
  return out;
}

/** A route id: digits only, else the caller answers 404. */
export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}
