import { z } from 'zod';
import { DRILL_KINDS } from '../../db/schema/people.js';
import { optId, optLongText, optText, parseId, reqDate, reqEnum, reqId, reqLongText } from '../../web/forms.js';

const input = z.string('v.invalid').transform((s) => s.normalize('NFC').trim());

/**
 * A whole amount of đồng, typed as "1250000000" or with dots between thousands ("1.250.000.000"); spaces
 * and a trailing "₫"/"đ"/"VND" are ignored. Decimals, negatives and other separators are refused: a comma
 * is a decimal mark in Vietnamese.
 */
export const vnd = input
  .transform((s) => s.replace(/[\s\u00a0]+/g, '').replace(/(₫|đ|vnd)$/i, ''))
  .pipe(
    z
      .string()
      .min(1, 'v.required')
      .regex(/^(\d+|\d{1,3}(\.\d{3})+)$/, 'ready.v.amount')
      .transform((s) => Number(s.replace(/\./g, '')))
      .pipe(z.number().max(Number.MAX_SAFE_INTEGER, 'v.range')),
  );

const optCount = input
  .optional()
  .transform((s) => (s ? s : null))
  .pipe(z.string().regex(/^\d{1,6}$/, 'v.integer').transform(Number).nullable());

export const drillForm = z.object({
  organisationId: reqId,
  systemId: optId,
  date: reqDate,
  kind: reqEnum(DRILL_KINDS),
  scenario: reqLongText(2000),
  participants: optCount,
  organiser: optText(300),
  result: optLongText(4000),
  lessons: optLongText(4000),
});
export type DrillInput = z.infer<typeof drillForm>;

function securityWithinIt(v: { itBudget: number; securitySpending: number }, ctx: z.RefinementCtx): void {
  if (v.securitySpending > v.itBudget) ctx.addIssue({ code: 'custom', path: ['securitySpending'], message: 'ready.v.securityOverIt' });
}

const amounts = { itBudget: vnd, securitySpending: vnd, note: optText(500) };

/** A year's figures; a year already recorded for the same organisation or system is updated. */
export const budgetForm = z
  .object({ organisationId: reqId, systemId: optId, year: input.pipe(z.string().regex(/^\d{4}$/, 'ready.v.year').transform(Number)), ...amounts })
  .superRefine(securityWithinIt);
export type BudgetInput = z.infer<typeof budgetForm>;

/** Editing a recorded year: the organisation, system and year stay. */
export const budgetAmountsForm = z.object(amounts).superRefine(securityWithinIt);
export type BudgetAmounts = z.infer<typeof budgetAmountsForm>;

/** A return address after a save: only a system or organisation page of this app (never an open redirect). */
export function safeBack(v: unknown): string | null {
  const m = typeof v === 'string' ? /^\/(?:systems|organisations)\/(\d+)$/.exec(v) : null;
  return m && parseId(m[1]) !== null ? m[0] : null;
}

export const indexQuery = z.object({
  org: optId.catch(null),
  system: optId.catch(null),
  page: z.string().optional().catch(undefined),
  back: z.string().optional().catch(undefined).transform((v) => safeBack(v) ?? undefined),
  /** which form to open: the cards on system and organisation pages link straight to it */
  form: z.enum(['drill', 'budget']).optional().catch(undefined),
});
