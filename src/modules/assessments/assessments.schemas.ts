import { z } from 'zod';
import { ASSESSMENT_KINDS, ASSESSMENT_RESULTS, FINDING_STATUSES, SEVERITIES, TEST_BOXES } from '../../db/schema/assessments.js';
import { checkbox, optDate, optEnum, optLongText, optText, reqDate, reqEnum, reqId, reqText } from '../../web/forms.js';

// Rules that compare dates with each other or with today live in the service; these are the shapes.

export const assessmentForm = z
  .object({
    kind: reqEnum(ASSESSMENT_KINDS),
    assessorId: reqId,
    periodFrom: optDate,
    periodTo: optDate,
    plannedDate: optDate,
    performedDate: optDate,
    scopeCompliance: checkbox,
    scopeEffectiveness: checkbox,
    scopeScanning: checkbox,
    scopePentest: checkbox,
    testBox: optEnum(TEST_BOXES),
    result: optEnum(ASSESSMENT_RESULTS),
    reportRef: optText(100),
    reportedDate: optDate,
  })
  // a black/grey/white box describes technical testing only
  .transform((a) => ({ ...a, testBox: a.scopeScanning || a.scopePentest ? a.testBox : null }));

export type AssessmentInput = z.infer<typeof assessmentForm>;

export const findingForm = z.object({
  title: reqText(300),
  severity: reqEnum(SEVERITIES),
  requirementId: optText(50),
  remediationPlan: optLongText(4000),
  dueDate: reqDate,
  status: reqEnum(FINDING_STATUSES),
  acceptedReason: optLongText(2000),
  closedDate: optDate,
  evidenceNote: optLongText(4000),
});

export type FindingInput = z.infer<typeof findingForm>;
