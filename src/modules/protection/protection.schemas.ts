import { z } from 'zod';
import { ASSESSOR_KINDS, CONNECTION_STATUSES, MONITORING_CENTRES, MONITORING_MODES } from '../../db/schema/protection.js';
import { checkbox, optDate, optId, optText, reqDate, reqEnum, reqId, reqText } from '../../web/forms.js';

function endAfterStart(v: { startDate: string | null; endDate: string | null }, ctx: z.RefinementCtx): void {
  if (v.startDate && v.endDate && v.endDate < v.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'prot.v.endBeforeStart' });
}

export const layer1Form = z.object({ securityUnitId: reqId, decisionNumber: reqText(100), decisionDate: reqDate });

export const layer2Form = z.object({
  mode: reqEnum(MONITORING_MODES),
  providerId: optId,
  contractNumber: optText(100),
  startDate: optDate,
  endDate: optDate,
  socName: optText(200),
  focalPointNotified: optDate,
}).superRefine((v, ctx) => {
  endAfterStart(v, ctx);
  if (v.mode === 'provider') {
    if (!v.providerId) ctx.addIssue({ code: 'custom', path: ['providerId'], message: 'v.choose' });
    if (!v.contractNumber) ctx.addIssue({ code: 'custom', path: ['contractNumber'], message: 'v.required' });
    if (!v.startDate) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'v.required' });
  }
});

export const layer3Form = z.object({
  assessorKind: reqEnum(ASSESSOR_KINDS),
  assessorId: reqId,
  contractNumber: optText(100),
  startDate: optDate,
  endDate: optDate,
  acknowledge: checkbox, // the user has read the independence warning and records anyway
}).superRefine((v, ctx) => {
  endAfterStart(v, ctx);
  if (v.assessorKind === 'provider' && !v.contractNumber) ctx.addIssue({ code: 'custom', path: ['contractNumber'], message: 'v.required' });
});

export const layer4Form = z
  .object({ centre: reqEnum(MONITORING_CENTRES), status: reqEnum(CONNECTION_STATUSES), connectionDate: optDate })
  .superRefine((v, ctx) => {
    if (v.status === 'connected' && !v.connectionDate) ctx.addIssue({ code: 'custom', path: ['connectionDate'], message: 'prot.v.connectionDate' });
  });

export type Layer2Input = z.infer<typeof layer2Form>;
export type Layer3Input = z.infer<typeof layer3Form>;
