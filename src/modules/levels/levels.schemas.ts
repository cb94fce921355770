import { z } from 'zod';
import { ICS_GRADES, REGIMES, SCOPES, SECRET_GRADES, SYSTEM_TYPES, type LevelAnswers } from '../../domain/level-criteria.js';
import { checkbox, intInRange, optDate, optLongText, optText, reqDate, reqEnum, reqLongText, reqText } from '../../web/forms.js';

const count = z
  .string()
  .optional()
  .transform((s) => (s ?? '').replace(/[\s.,]/g, '') || '0') // "100.000" and "100 000" are how people type it
  .pipe(intInRange(0, 2_000_000_000));

export const answersForm = z.object({
  systemType: reqEnum(SYSTEM_TYPES),
  infoPublic: checkbox,
  infoPrivate: checkbox,
  infoPersonal: checkbox,
  stateSecret: reqEnum(SECRET_GRADES),
  scope: reqEnum(SCOPES),
  conditionalBusinessLine: checkbox,
  handlesAdministrativeProcedures: checkbox,
  onlinePublicServiceLevel3: checkbox,
  basicPdSubjects: count,
  sensitivePdSubjects: count,
  users: count,
  nationalEGovernment: checkbox,
  needs24x7: checkbox,
  icsWorksGrade: reqEnum(ICS_GRADES),
  nationalSecurityWorks: checkbox,
  centralNationalData: checkbox,
  internationalInfrastructure: checkbox,
  primeMinisterDecision: checkbox,
  nationalSecurityImportant: checkbox,
}) satisfies z.ZodType<LevelAnswers, unknown>;

export const wizardForm = z.object({
  regime: reqEnum(REGIMES),
  proposedLevel: z.union([z.literal(''), z.enum(['1', '2', '3', '4', '5'], { message: 'v.choose' })]).optional().transform((v) => (v ? Number(v) : null)),
  proposalReason: optLongText(2000),
});

export const submitForm = z.object({ submittedDate: reqDate });
export const appraiseForm = z.object({ appraisalBody: reqText(250), appraisalDate: reqDate, appraisalRef: reqText(100) });
export const approveForm = z.object({
  approvalNumber: reqText(100),
  approvalDate: reqDate,
  approvingBody: reqText(250),
  regulationNumber: optText(100),
  regulationDate: optDate,
});
export const rejectForm = z.object({ rejectionReason: reqLongText(2000) });
export const regulationForm = z.object({ regulationNumber: reqText(100), regulationDate: reqDate });

export type StepInput =
  | { step: 'submit'; data: z.infer<typeof submitForm> }
  | { step: 'appraise'; data: z.infer<typeof appraiseForm> }
  | { step: 'approve'; data: z.infer<typeof approveForm> }
  | { step: 'reject'; data: z.infer<typeof rejectForm> };

export const STEP_FORMS = { submit: submitForm, appraise: appraiseForm, approve: approveForm, reject: rejectForm } as const;
