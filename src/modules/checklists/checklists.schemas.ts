import { z } from 'zod';
import { CHECKLIST_STATUSES } from '../../db/schema/compliance.js';
import type { ChecklistStatus } from '../../domain/catalog/index.js';
import type { FieldErrors } from '../../domain/errors.js';
import { fieldErrors, optText, reqEnum } from '../../web/forms.js';

export const NOTE_MAX = 1000;
export const FILTERS = ['all', 'not_met', 'not_assessed'] as const;
export type ChecklistFilter = (typeof FILTERS)[number];

/** ?show=…: an unknown value shows everything rather than failing. */
export const checklistQuery = z.object({ show: z.enum(FILTERS).catch('all') });

/** What one row of the form asks to change; a field left out of the request keeps its value. */
export interface ChecklistEdit {
  status?: ChecklistStatus;
  note?: string | null;
}

export interface ChecklistForm {
  edits: Map<string, ChecklistEdit>;
  errors: FieldErrors; // item id → i18n key
  values: { status: Record<string, string>; note: Record<string, string> }; // as typed, for a re-render
}

// The body is parsed with extended: false, so each field arrives under its flat name, e.g. "status[M.POL.1]".
// Catalogue ids are upper case (checked at load: "M.POL.1", "RISK-01"), which also keeps names like "constructor"
// out of the maps below.
const FIELD = /^(status|note)\[([A-Z][A-Z0-9.-]{0,39})\]$/;
const status = reqEnum(CHECKLIST_STATUSES);
const note = optText(NOTE_MAX);

/** The fast form: status[<itemId>] and note[<itemId>] for many items at once. Other fields are ignored. */
export function parseChecklistForm(body: Record<string, unknown>): ChecklistForm {
  const form: ChecklistForm = { edits: new Map(), errors: {}, values: { status: {}, note: {} } };
  for (const [name, raw] of Object.entries(body)) {
    const m = FIELD.exec(name);
    if (!m) continue;
    const [, field, itemId] = m as unknown as [string, 'status' | 'note', string];
    if (typeof raw === 'string') form.values[field][itemId] = raw;
    const edit = form.edits.get(itemId) ?? {};
    form.edits.set(itemId, edit);
    if (field === 'status') {
      const parsed = status.safeParse(raw);
      if (parsed.success) edit.status = parsed.data;
      else form.errors[itemId] ??= 'chk.v.status';
    } else {
      const parsed = note.safeParse(raw); // a repeated field arrives as an array and is refused here
      if (parsed.success) edit.note = parsed.data;
      else form.errors[itemId] ??= fieldErrors(parsed.error)._ ?? 'v.invalid';
    }
  }
  return form;
}
