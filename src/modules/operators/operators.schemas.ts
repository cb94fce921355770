import { z } from 'zod';
import { ASSIGNMENT_ROLES, CERTIFICATE_KINDS, CERTIFICATE_STATUSES } from '../../db/schema/people.js';
import { checkbox, intInRange, optDate, optEmail, optText, reqDate, reqEnum, reqId, reqText, idFilter } from '../../web/forms.js';

export const operatorForm = z.object({
  fullName: reqText(200),
  organisationId: reqId,
  position: optText(200),
  email: optEmail,
  phone: optText(40).pipe(z.string().regex(/^[0-9+() .-]{6,40}$/, 'v.phone').nullable()),
  // CMND (9 digits) or CCCD (12 digits); spaces typed between groups are dropped. On edit, blank keeps the current one.
  nationalId: optText(40)
    .transform((s) => (s === null ? null : s.replace(/\s+/g, '')))
    .pipe(z.string().regex(/^(\d{9}|\d{12})$/, 'op.v.nationalId').nullable()),
  clearNationalId: checkbox,
});
export type OperatorInput = z.infer<typeof operatorForm>;

export const certificateForm = z
  .object({
    kind: reqEnum(CERTIFICATE_KINDS),
    name: reqText(200),
    number: reqText(100),
    issuer: reqText(250),
    issueDate: reqDate,
    expiryDate: optDate,
    status: reqEnum(CERTIFICATE_STATUSES),
    statusDate: optDate,
    statusReason: optText(500),
  })
  .superRefine((v, ctx) => {
    // a certificate that expires the day it is issued was never valid: a typing mistake
    if (v.expiryDate && v.issueDate && v.expiryDate <= v.issueDate) ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: 'op.v.expiryBeforeIssue' });
    if (v.status !== 'valid') {
      // a suspension or revocation is recorded with its date and the reason given by the issuing body
      if (!v.statusDate) ctx.addIssue({ code: 'custom', path: ['statusDate'], message: 'op.v.statusDate' });
      if (!v.statusReason) ctx.addIssue({ code: 'custom', path: ['statusReason'], message: 'op.v.statusReason' });
    }
    if (v.statusDate && v.issueDate && v.statusDate < v.issueDate) ctx.addIssue({ code: 'custom', path: ['statusDate'], message: 'op.v.statusBeforeIssue' });
  });
export type CertificateInput = z.infer<typeof certificateForm>;

/** Voiding a certificate entered by mistake: why (kept in the trail); the route also needs its confirmation box. */
export const voidCertificateForm = z.object({ reason: reqText(500) });

export const updateForm = z.object({
  date: reqDate,
  programme: reqText(300),
  hours: intInRange(1, 1000),
  organiser: optText(250),
});
export type KnowledgeUpdateInput = z.infer<typeof updateForm>;

export const assignmentForm = z
  .object({ systemId: reqId, role: reqEnum(ASSIGNMENT_ROLES), fromDate: reqDate, toDate: optDate })
  .superRefine((v, ctx) => {
    if (v.toDate && v.fromDate && v.toDate < v.fromDate) ctx.addIssue({ code: 'custom', path: ['toDate'], message: 'op.v.toBeforeFrom' });
  });
export type AssignmentInput = z.infer<typeof assignmentForm>;

/** Ending an assignment also needs its confirmation box (checked by the route). */
export const endAssignmentForm = z.object({ toDate: reqDate });

/** The list's query string. Bad values are ignored (a bookmarked URL never errors). */
export const operatorListQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  org: idFilter,
  page: z.string().optional().catch(undefined),
});
export type OperatorListQuery = z.infer<typeof operatorListQuery>;

export const rosterQuery = z.object({
  org: idFilter,
  level: z.enum(['3', '4', '5']).transform(Number).optional().catch(undefined),
  problems: z.literal('1').optional().catch(undefined),
});
export type RosterQuery = z.infer<typeof rosterQuery>;
