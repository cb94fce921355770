// The move from Decree 85/2016 to Decree 331/2026 by 1 Jul 2027 (Law 116 Art 45.1, Decree 331 Art 39.1): a
// workspace per organisation and per system, the old checklist answers carried across the crosswalk as
// proposals the user confirms, the work list, and the progress with the days left.
export { transitionRouter } from './transition.routes.js';
export { transitionSummary } from './transition.service.js';
