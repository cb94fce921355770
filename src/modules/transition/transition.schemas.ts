import { z } from 'zod';
import { idFilter } from '../../web/forms.js';

/** ?show= on the workspace: the work list (default), or the whole new checklist. */
export const SHOW = ['work', 'all'] as const;
export const workspaceQuery = z.object({ show: z.enum(SHOW).catch('work') });

/** ?org= on the organisation table: an id, anything else is "the whole scope". */
export const orgQuery = z.object({
  org: idFilter,
});

// the confirmation form: confirm[<itemId>]=1 for the ticked rows, or item=<itemId> (the row's own button), or intent=all
const CONFIRM = /^confirm\[([A-Z][A-Z0-9.-]{0,39})\]$/;
const ITEM = /^[A-Z][A-Z0-9.-]{0,39}$/;

export interface ConfirmForm {
  which: string[] | 'all';
  /** the ticked rows, for a re-render */
  ticked: string[];
}

export function parseConfirmForm(body: Record<string, unknown>): ConfirmForm {
  const ticked = Object.entries(body).flatMap(([name, v]) => {
    const m = CONFIRM.exec(name);
    return m && v !== undefined && v !== '' ? [m[1]!] : [];
  });
  if (body.intent === 'all') return { which: 'all', ticked };
  if (typeof body.item === 'string' && ITEM.test(body.item)) return { which: [body.item], ticked };
  return { which: ticked, ticked };
}
