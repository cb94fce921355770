// The calendar page's query string, shared by the page and its due-list export. Bad values are ignored (a
// bookmarked URL never errors).
import { z } from 'zod';
import { OBLIGATION_KINDS } from '../../domain/rules/index.js';
import { idFilter } from '../../web/forms.js';

export const calendarQuery = z.object({
  org: idFilter,
  kind: z.enum(OBLIGATION_KINDS).optional().catch(undefined),
  page: z.string().optional().catch(undefined),
});
export type CalendarQuery = z.infer<typeof calendarQuery>;
