import { z } from 'zod';
import { EVIDENCE_TARGET_KINDS } from '../../db/schema/evidence.js';
import { checkbox, CANONICAL_ID, optDate, optLongText, optText, reqDate, reqEnum, reqId, reqText, idFilter } from '../../web/forms.js';

/** The library's filter by state: valid (beyond the due-soon window), ending within it, expired, attached to nothing. */
export const LIST_STATES = ['valid', 'ending', 'expired', 'unattached'] as const;
export type ListState = (typeof LIST_STATES)[number];

/** At most this many files in one upload (each at most UPLOAD_MAX_MB). */
export const MAX_FILES = 10;

/** A link to evidence held elsewhere: an http(s) address, nothing a browser would run. */
const optUrl = optText(2000).pipe(
  z
    .string()
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !/\s/.test(s);
      } catch {
        return false;
      }
    }, 'evidence.v.url')
    .nullable(),
);

export const evidenceForm = z.object({
  title: reqText(300),
  description: optLongText(4000),
  organisationId: reqId,
  validFrom: reqDate,
  validUntil: optDate,
  url: optUrl,
});

export type EvidenceInput = z.infer<typeof evidenceForm>;

/** The targets other than checklist items, attached from the evidence page. */
export const RECORD_KINDS = EVIDENCE_TARGET_KINDS.filter((k) => k !== 'checklist_item') as Exclude<(typeof EVIDENCE_TARGET_KINDS)[number], 'checklist_item'>[];
export type RecordKind = (typeof RECORD_KINDS)[number];

const optId = z.union([z.literal(''), z.string().regex(CANONICAL_ID)]).optional().transform((s) => (s ? Number(s) : null));

/**
 * "Upload new" from a target's page: the new evidence is attached to it — a checklist item (system and
 * item) or a record (kind and id). Anything incomplete attaches nothing.
 */
export const attachOnCreate = z.object({
  attachSystemId: optId,
  attachItemId: z.union([z.literal(''), z.string().regex(/^[A-Z][A-Z0-9.-]{0,39}$/)]).optional().transform((s) => s || null),
  attachKind: z.union([z.literal(''), z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]])]).optional().transform((s) => s || null),
  attachRecordId: optId,
});

/** Where to go back after attaching or detaching from a target's page: a path of this application only. */
export const backField = z.string().regex(/^\/(systems|evidence|operators|readiness)([/?#][A-Za-z0-9/._#?=&-]*)?$/).max(300).optional().catch(undefined);

export const recordTargetForm = z.object({
  kind: reqEnum(RECORD_KINDS as [RecordKind, ...RecordKind[]]),
  recordId: reqId,
});

/** A catalogue item id as the catalogues write them ("NET-43", "M.POL.1"). */
export const itemIdField = z.string('v.invalid').transform((s) => s.trim()).pipe(z.string().min(1, 'v.required').regex(/^[A-Z][A-Z0-9.-]{0,39}$/, 'evidence.v.itemId'));

/** One evidence item to the same checklist item of several systems. */
export const checklistTargetForm = z.object({
  itemId: itemIdField,
  systemIds: z
    .union([z.string(), z.array(z.string())], { message: 'evidence.v.systems' })
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().regex(CANONICAL_ID, 'v.invalid').transform(Number)).min(1, 'evidence.v.systems').max(200, 'v.range')),
});

/** Attach existing evidence, from a checklist item. */
export const existingEvidenceForm = z.object({ evidenceId: reqId });

export const deleteForm = z.object({ confirm: checkbox });

export const listQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  org: idFilter,
  state: z.enum(LIST_STATES).optional().catch(undefined),
  page: z.string().optional().catch(undefined),
});

/** The evidence page's attach panel: a kind of target and what to look for, or a checklist item. */
export const targetQuery = z.object({
  kind: z.enum(['checklist_item', ...RECORD_KINDS] as [string, ...string[]]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  item: z.string().regex(/^[A-Z][A-Z0-9.-]{0,39}$/).optional().catch(undefined),
});

/** A record kind in a URL (/evidence/for/:kind/:recordId). */
export const recordKindParam = z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]]);

/** A checklist item id in a URL. */
export const itemIdParam = z.string().regex(/^[A-Z][A-Z0-9.-]{0,39}$/);
