// The mail module's pages: a user's own notification choices, the public one-click unsubscribe link,
// and the admins' outbox.
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { Db } from '../../db/client.js';
import { MAIL_KINDS, OUTBOX_STATUSES, type OutboxRow, type OutboxStatus } from '../../db/schema/mail.js';
import { formatDateTime } from '../../i18n/format.js';
import { LOCALES, type T } from '../../i18n/index.js';
import { checkbox, fieldErrors, reqEnum } from '../../web/forms.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { mailSettings, renderMessage } from './mail-render.js';
import * as outbox from './outbox.service.js';
import * as preferences from './preferences.service.js';

const PER_PAGE = 50;

const TONE: Record<OutboxStatus, string> = { pending: 'tag-partly', sending: 'tag-partly', sent: 'tag-ok', failed: 'tag-warn', cancelled: 'tag-off' };

/** A message's state in words, for the outbox pages: why it is not sent yet, when it was, or why it never will be. */
function stateOf(t: T, configured: boolean, maxAttempts: number) {
  const reason = (s: string | null) => (s && /^mail\.[a-zA-Z.]+$/.test(s) ? t(s) : s);
  return (m: Pick<OutboxRow, 'status' | 'attempts' | 'nextAttemptAt' | 'sentAt' | 'lastError'>) => {
    const tone = TONE[m.status];
    switch (m.status) {
      case 'pending':
        if (!configured) return { tone, text: t('outbox.state.noServer'), detail: reason(m.lastError) };
        return m.attempts
          ? { tone, text: t('outbox.state.retry', { n: m.attempts + 1, max: maxAttempts, at: formatDateTime(m.nextAttemptAt) }), detail: reason(m.lastError) }
          : { tone, text: t('outbox.state.waiting'), detail: reason(m.lastError) };
      case 'sending':
        return { tone, text: t('outbox.state.sending', { n: m.attempts }), detail: null };
      case 'sent':
        return { tone, text: t('outbox.state.sent', { at: formatDateTime(m.sentAt) }), detail: null };
      case 'failed':
        return { tone, text: t('outbox.state.failed', { n: m.attempts }), detail: reason(m.lastError) };
      case 'cancelled':
        return { tone, text: t('outbox.status.cancelled'), detail: reason(m.lastError) };
    }
  };
}

const preferencesForm = z.object({
  digest: checkbox,
  finding: checkbox,
  dossier: checkbox,
  certificate: checkbox,
  engagement: checkbox,
  locale: reqEnum(LOCALES),
});

/** GET /account/notifications — the signed-in user's own choices. */
export function accountMailRouter(db: Db): Router {
  const r = Router();

  r.get('/', (req, res) => {
    const mine = preferences.myPreferences(db, actorOf(req));
    res.render('account/notifications', { email: mine.email, values: mine.prefs, errors: {}, kinds: MAIL_KINDS });
  });

  r.post('/', (req, res) => {
    const actor = actorOf(req);
    const parsed = preferencesForm.safeParse(body(req));
    if (!parsed.success) {
      const mine = preferences.myPreferences(db, actor);
      const v = body(req);
      const values = { ...Object.fromEntries(MAIL_KINDS.map((k) => [k, checkbox.safeParse(v[k]).data ?? false])), locale: typeof v.locale === 'string' ? v.locale : '' };
      return res.status(422).render('account/notifications', { email: mine.email, values, errors: fieldErrors(parsed.error), kinds: MAIL_KINDS });
    }
    const changed = preferences.updatePreferences(db, actor, parsed.data);
    flash(req, changed ? 'flash.saved' : 'account.mail.unchanged');
    res.redirect(303, '/account/notifications');
  });

  return r;
}

/**
 * /unsubscribe/:token — public: the signed token is the credential. GET only shows what would change;
 * the POST (a mail client's RFC 8058 one-click request, or the page's button) changes it. CSRF does not
 * apply (app.ts): a forged POST could only turn one kind of mail off for the link's own user.
 */
export function unsubscribeRouter(db: Db, config: Config): Router {
  const r = Router();
  const secret = config.sessionSecret;

  r.get('/unsubscribe/:token', (req, res) => {
    const target = preferences.unsubscribeTarget(db, secret, req.params.token);
    res.set('Cache-Control', 'no-store');
    res.render('account/unsubscribe', { target, token: req.params.token, done: false });
  });

  r.post('/unsubscribe/:token', (req, res) => {
    const target = preferences.unsubscribe(db, secret, req.params.token, req.ip);
    res.set('Cache-Control', 'no-store');
    res.render('account/unsubscribe', { target, token: req.params.token, done: true });
  });

  return r;
}

/** /outbox — admins: every message to the users of their subtree, with filters; retry a failed one. */
export function outboxRouter(db: Db, config: Config): Router {
  const r = Router();
  const settings = mailSettings(config);

  r.get('/', (req, res) => {
    const actor = actorOf(req);
    const { filter, values, errors } = outbox.parseOutboxQuery(req.query as Record<string, unknown>);
    const { total } = outbox.listOutbox(db, actor, filter, 0, 0);
    const page = paginate(req.query.page, total, PER_PAGE);
    const { rows } = outbox.listOutbox(db, actor, filter, page.perPage, page.offset);
    res.status(Object.keys(errors).length ? 422 : 200).render('outbox/index', {
      rows, page, values, errors, summary: outbox.outboxSummary(db, actor), statuses: OUTBOX_STATUSES, kinds: MAIL_KINDS,
      configured: settings.smtpUrl !== null, smtpHost: settings.smtpHost, maxAttempts: settings.maxAttempts,
      stateOf: stateOf(res.locals.t as T, settings.smtpUrl !== null, settings.maxAttempts), filtered: Object.values(values).some(Boolean),
    });
  });

  r.get('/:id', (req, res) => {
    const message = outbox.outboxMessage(db, actorOf(req), idParam(req));
    // a message past the retention has no recipient or text left to show
    const rendered = message.redactedAt === null ? renderMessage(message, settings, { preview: true }) : null;
    res.render('outbox/show', {
      message, rendered, retentionDays: settings.retentionDays, fromSet: settings.from !== null,
      state: stateOf(res.locals.t as T, settings.smtpUrl !== null, settings.maxAttempts)(message),
    });
  });

  r.post('/:id/retry', (req, res) => {
    const id = idParam(req);
    const before = outbox.outboxMessage(db, actorOf(req), id);
    const after = outbox.retryMessage(db, actorOf(req), id);
    flash(req, after.status === before.status ? 'outbox.flash.notRetried' : 'outbox.flash.retried');
    res.redirect(303, `/outbox/${id}`);
  });

  return r;
}
