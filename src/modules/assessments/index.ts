// Assessments (kiểm tra, đánh giá) of a system by an assessor, their report files and the findings
// (tồn tại, điểm yếu) with remediation due dates; auditors work only on systems they are engaged on.
export { assessmentsRouter, type AssessmentsDeps } from './assessments.routes.js';
export { isOverdue, openFindingsOf, type OpenFinding } from './assessments.service.js';
export * as assessmentsService from './assessments.service.js';
