// People who administer or operate systems (cán bộ quản trị, vận hành): their certificates, knowledge
// updates and assignments, and the HR-01…HR-03 readiness of level 3–5 systems (roster, system page).
export { operatorsRouter } from './operators.routes.js';
export { maskNationalId, rosterRows, systemOperators, type HrResult, type SystemOperator } from './operators.service.js';
