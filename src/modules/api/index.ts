// The read-only JSON API (/api/v1, with its OpenAPI document) and the admin pages of its bearer tokens (/api-tokens).
export { apiRouter } from './api.routes.js';
export { apiTokensRouter } from './api-tokens.routes.js';
export * as apiTokensService from './api-tokens.service.js';
export { apiActor } from './api.service.js';
export { openApiDocument } from './api.openapi.js';
