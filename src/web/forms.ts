// The one form helper: zod field builders whose messages are i18n keys, and ZodError → field errors.
// (The route side, parse → write → 303 or the form again with 422, is src/web/form-route.ts.)
import { z } from 'zod';
import { parseDateInput } from '../i18n/format.js';
import { ValidationError, type FieldErrors } from '../domain/errors.js';

// What no one types. Single-line fields refuse C0 controls but tab and line breaks (spreadsheet cells
// read by the importer carry those), DEL, the C1 controls (U+0080–U+009F), and the bidirectional
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make text show in another order than it
// is stored. Multi-line fields (textareas) keep line breaks and tabs only.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const LONG_TEXT_CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** A single text value from a urlencoded body (arrays, i.e. repeated fields, are rejected). */
// (trimmed of ordinary white space only: a vertical tab or form feed at either end is refused below, not dropped)
const str = z.string('v.invalid').transform((s) => s.normalize('NFC').replace(/^[^\S\v\f]+|[^\S\v\f]+$/g, ''));

const printable = (max: number) => z.string().max(max, 'v.tooLong').refine((s) => !CONTROL_CHARS.test(s), 'v.controlChars');

export const reqText = (max: number) => str.pipe(printable(max).min(1, 'v.required'));

export const optText = (max: number) =>
  str
    .optional()
    .transform((s) => (s ? s : null))
    .pipe(printable(max).nullable());

/** Multi-line text (a textarea): CRLF and CR are stored as LF. */
const longText = str.transform((s) => s.replace(/\r\n?/g, '\n'));
const printableLines = (max: number) => z.string().max(max, 'v.tooLong').refine((s) => !LONG_TEXT_CONTROLS.test(s), 'v.controlChars');

export const optLongText = (max: number) =>
  longText
    .optional()
    .transform((s) => (s ? s : null))
    .pipe(printableLines(max).nullable());

export const reqLongText = (max: number) => longText.pipe(printableLines(max).min(1, 'v.required'));

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

/**
 * A record id as the application writes it: a positive decimal number, no sign, no leading zero, at
 * most nine digits. "007" is not system 7: one address per record.
 */
export const CANONICAL_ID = /^[1-9]\d{0,8}$/;

/**
 * An id in a list's query string (`?org=12`): a canonical id, or no filter at all. A bad one ("007", "x")
 * is left out, like an organisation outside the reader's subtree, rather than refused.
 */
export const idFilter = z.string().regex(CANONICAL_ID).transform(Number).optional().catch(undefined);

export const reqId = str.pipe(z.string().min(1, 'v.required').regex(CANONICAL_ID, 'v.invalid')).transform(Number);
export const optId = str
  .optional()
  .transform((s) => (s ? s : null))
  .pipe(z.string().regex(CANONICAL_ID, 'v.invalid').transform(Number).nullable());

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

/** The form's data, or a ValidationError with one message per field. */
export function parseForm<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
  return parsed.data;
}

/** A route id in its canonical form (CANONICAL_ID), else null: the caller answers 404. */
export function parseId(raw: unknown): number | null {
  return typeof raw === 'string' && CANONICAL_ID.test(raw) ? Number(raw) : null;
}
