// createApp(deps) builds the Express app; only server.ts listens.
import express, { type Express, type Request } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { csrfSync } from 'csrf-sync';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { HeavyGate } from './web/heavy.js';
import type { Db } from './db/client.js';
import { DEMO_MARKER_CODE } from './demo-marker.js';
import { authRouter } from './modules/auth/auth.routes.js';
import { loadActor } from './modules/auth/auth.service.js';
import { assessmentsRouter } from './modules/assessments/assessments.routes.js';
import { auditCsvHandler, auditRouter } from './modules/audit/audit.routes.js';
import { recordRefusedWrites } from './modules/audit/security-events.routes.js';
import { calendarFeedRouter, calendarRouter } from './modules/calendar/calendar.routes.js';
import { protectionRouter } from './modules/protection/protection.routes.js';
import { checklistsRouter } from './modules/checklists/index.js';
import { providersRouter } from './modules/providers/providers.routes.js';
import { dashboardRouter } from './modules/pages/dashboard.routes.js';
import { myWorkRouter } from './modules/pages/my-work.routes.js';
import { organisationPageRouter } from './modules/pages/organisation-page.routes.js';
import { systemPageRouter } from './modules/pages/system-page.routes.js';
import { gapsRouter } from './modules/gaps/gaps.routes.js';
import { printRouter } from './modules/print/print.routes.js';
import { annualReportRouter } from './modules/annual-report/annual-report.routes.js';
import { documentsRouter } from './modules/documents/documents.routes.js';
import { exportsRouter } from './modules/exports/exports.routes.js';
import { apiRouter } from './modules/api/api.routes.js';
import { importsRouter } from './modules/imports/imports.routes.js';
import { apiTokensRouter } from './modules/api/api-tokens.routes.js';
import { engineConfigFrom } from './modules/evaluation/index.js';
import { checklistItemRouter, evidenceRouter } from './modules/evidence/index.js';
import { submissionsRouter } from './modules/submissions/submissions.routes.js';
import { levelsRouter } from './modules/levels/levels.routes.js';
import { accountMailRouter, outboxRouter, unsubscribeRouter } from './modules/mail/index.js';
import { operatorsRouter } from './modules/operators/operators.routes.js';
import { organisationsRouter } from './modules/organisations/organisations.routes.js';
import { readinessRouter } from './modules/readiness/readiness.routes.js';
import { systemsRouter } from './modules/systems/systems.routes.js';
import { transitionRouter } from './modules/transition/index.js';
import { usersRouter } from './modules/users/users.routes.js';
import { errorHandler, notFound } from './web/errors.js';
import { healthRouter } from './web/health.js';
import { createLogger, requestLogger, type Logger } from './web/logger.js';
import { loginThrottle } from './web/login-throttle.js';
import { baseLocals, DEFAULT_LIMITS, loadSessionActor, postLimiter, requireLogin, sessionLocals, type Limits } from './web/middleware.js';
import { SqliteSessionStore } from './web/session-store.js';
import { isUploadRoute } from './web/upload.js';
import { columnWidthsRouter } from './web/column-widths.js';

export interface AppDeps {
  config: Config;
  db: Db;
  limits?: Limits;
  /** the JSON logger: one line per request; built from config.logLevel when not given */
  logger?: Logger;
  /** where unexpected errors (500) go; by default the logger, under the request's id */
  log?: (err: unknown, req?: Request) => void;
  /** seconds since the evaluation served was brought up to date, null before the first (GET /readyz) */
  evaluationAge?: () => number | null;
}

const root = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export function createApp(deps: AppDeps): Express & { close: () => void; heavy: HeavyGate } {
  const { config, db, limits = DEFAULT_LIMITS } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const log = deps.log ?? ((err: unknown, req?: Request) => (req?.log ?? logger).error({ err }, 'unexpected error'));
  const app = express();
  app.set('views', root('../views'));
  app.set('view engine', 'ejs');
  // compiled templates are kept except in development, where an edited view shows on reload
  app.set('view cache', config.env !== 'development');
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);

  // logging: a request id (X-Request-Id, kept from the proxy or made) and one line per request
  app.use(requestLogger(logger));

  // security
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: config.secureCookies,
    }),
  );
  // probes: before sessions, so they never create one
  app.use(healthRouter(db, { evaluationAge: deps.evaluationAge }));
  const staticMaxAgeSeconds = config.env === 'production' ? 86_400 : 0;
  app.use(columnWidthsRouter(staticMaxAgeSeconds));
  app.use('/static', express.static(root('./public'), { maxAge: staticMaxAgeSeconds * 1000 }));
  app.use(baseLocals(db, config.defaultLocale, DEMO_MARKER_CODE));

  // parsing
  app.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 500 }));

  // sessions: server-side in SQLite; the idle timeout rolls with each request, the absolute one is checked below
  const store = new SqliteSessionStore(db, config.sessionIdleMs);
  app.use(
    session({
      name: 'capdo.sid',
      secret: config.sessionSecret,
      store,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: config.sessionIdleMs },
    }),
  );
  app.use(loadSessionActor((userId, ip) => loadActor(db, userId, ip), config.sessionAbsoluteMs));
  // security events: every write a signed-in user is refused (403/404/422), whichever step below refuses it
  app.use(recordRefusedWrites(db));

  // csrf: every POST carries the session's token in a hidden _csrf field
  // (multipart forms are checked by their own route, after the upload is parsed: see `csrfAfterUpload`)
  const { csrfSynchronisedProtection } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    errorConfig: { statusCode: 403, message: 'invalid csrf token', code: 'EBADCSRFTOKEN' },
    // the API authenticates by bearer token and never reads cookies, so cross-site requests gain nothing
    // an unsubscribe link's signed token is its credential, and RFC 8058 one-click POSTs come from mail clients
    skipCsrfProtection: (req) => isUploadRoute(req) || req.originalUrl.startsWith('/api/v1/') || req.originalUrl.startsWith('/unsubscribe/'),
  });
  app.use(sessionLocals);
  app.use(postLimiter(limits));
  app.use(csrfSynchronisedProtection);
  // files, reports and other dates' evaluations take a turn: a few at once per user and per server, else 503
  const heavy = new HeavyGate(config.heavy);
  app.use(heavy.middleware());

  // routes: public ones first, then everything behind sign-in
  app.use(authRouter(db, config, loginThrottle({ perAddress: limits.loginPerIp, perPair: limits.loginPerUsername, windowMs: limits.windowMs })));
  const engine = engineConfigFrom(config); // the one rule-pack configuration: due-soon window, ct14 overlay
  app.use(calendarFeedRouter(db, engine)); // the .ics feed: its token is the credential
  app.use('/api/v1', apiRouter(db, engine, log)); // bearer tokens, no cookies: before the sign-in gate
  app.use(unsubscribeRouter(db, config)); // a mail's one-click link works without signing in
  app.use(requireLogin);
  app.use('/my-work', myWorkRouter(db, engine));
  app.use('/', dashboardRouter(db, engine));
  app.use('/organisations', organisationsRouter(db));
  app.use('/organisations', organisationPageRouter(db)); // GET /organisations/:id, after the router's /new
  app.use('/systems', systemsRouter(db));
  app.use('/systems', systemPageRouter(db, engine)); // GET /systems/:id, after the router's /new
  app.use('/systems/:systemId/decisions', levelsRouter(db, engine));
  app.use('/systems/:systemId/decisions', documentsRouter(db, engine)); // the dossier and decision .docx
  app.use('/systems/:systemId/protection', protectionRouter(db));
  app.use('/systems/:systemId/checklist', checklistsRouter(db, engine.dueSoonDays));
  app.use('/', transitionRouter(db, engine));
  app.use('/systems/:systemId/assessments', assessmentsRouter(db, { csrf: csrfSynchronisedProtection, uploadDir: config.uploadDir, maxBytes: config.uploadMaxBytes, log }));
  app.use('/providers', providersRouter(db));
  app.use('/systems/:systemId/checklist/items', checklistItemRouter(db, { windowDays: engine.dueSoonDays }));
  app.use('/evidence', evidenceRouter(db, { csrf: csrfSynchronisedProtection, uploadDir: config.uploadDir, maxBytes: config.uploadMaxBytes, windowDays: engine.dueSoonDays, log }));
  app.use('/gaps', gapsRouter(db, engine));
  app.use('/systems/:systemId/print', printRouter(db, engine));
  app.use('/organisations/:orgId/annual-report', annualReportRouter(db, engine));
  app.use('/exports', exportsRouter(db, engine));
  app.use('/imports', importsRouter(db, { csrf: csrfSynchronisedProtection, maxBytes: 5 * 1024 * 1024 }));
  app.use('/api-tokens', apiTokensRouter(db, engine));
  app.use('/', submissionsRouter(db));
  app.use('/operators', operatorsRouter(db));
  app.use('/readiness', readinessRouter(db));
  app.use('/calendar', calendarRouter(db, engine));
  app.use('/users', usersRouter(db));
  app.get('/audit.csv', auditCsvHandler(db)); // before the /audit router, which never sees this path
  app.use('/audit', auditRouter(db));
  app.use('/account/notifications', accountMailRouter(db));
  app.use('/outbox', outboxRouter(db, config));

  // errors
  app.use(notFound);
  app.use(errorHandler(log));

  return Object.assign(app, { close: () => store.close(), heavy });
}
