// The read-only JSON API (/api/v1) and the admin pages of its bearer tokens (/api-tokens).
export { apiRouter } from './api.routes.js';
export { apiTokensRouter } from './api-tokens.routes.js';
export * as apiTokensService from './api-tokens.service.js';
export { ApiError, apiActor } from './api.service.js';
