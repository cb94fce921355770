export * from './organisations.js';
export * from './systems.js';
export * from './level-decisions.js';
export * from './users.js';
export * from './audit.js';
export * from './protection.js';
export * from './assessments.js';
export * from './people.js';
