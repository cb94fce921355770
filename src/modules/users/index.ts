// Accounts: admins create users in their organisation subtree, set roles, deactivate them and issue
// one-time passwords; `npm run user:create` makes the first account of an installation.
export { usersRouter } from './users.routes.js';
export * as usersService from './users.service.js';
