// /api-tokens: admins create and revoke the API's bearer tokens for organisations of their subtree.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { ConflictError, ValidationError, type FieldErrors } from '../../domain/errors.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { checkbox, fieldErrors, reqId, reqText } from '../../web/forms.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { assertCan } from '../access/index.js';
import { organisationTree } from '../organisations/organisations.service.js';
import * as service from './api-tokens.service.js';

const tokenForm = z.object({
  name: reqText(100).pipe(z.string().min(3, 'api.v.nameShort')),
  organisationId: reqId,
});

export function apiTokensRouter(db: Db, _engine: EngineConfig): Router {
  const r = Router({ mergeParams: true });

  // admins only, for every path below
  r.use((req, _res, next) => {
    assertCan(actorOf(req), 'user.manage');
    next();
  });

  const renderIndex = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}) => {
    const actor = actorOf(req);
    res.render('api-tokens/index', {
      items: service.listTokens(db, actor),
      organisations: organisationTree(db, actor),
      values: { organisationId: actor.organisationId, ...values },
      errors,
    });
  };

  r.get('/', (req, res) => renderIndex(req, res));

  // The token is shown once, straight from the POST; only its hash is stored, so it can never be shown again.
  r.post('/', (req, res) => {
    const values = body(req);
    try {
      const parsed = tokenForm.safeParse(values);
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const { row, token } = service.createToken(db, actorOf(req), parsed.data);
      const host = req.get('host');
      res.set('Cache-Control', 'no-store');
      res.status(201).render('api-tokens/created', { row, token, base: host ? `${req.protocol}://${host}` : '' });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422);
      renderIndex(req, res, values, err.fields);
    }
  });

  r.post('/:id/revoke', (req, res) => {
    const actor = actorOf(req);
    const token = service.getToken(db, actor, idParam(req)); // 404 outside the subtree, before anything else
    if (!checkbox.parse(body(req).confirm)) {
      flash(req, 'api.v.confirm', { name: token.name }, 'error');
      return res.redirect(303, '/api-tokens');
    }
    try {
      service.revokeToken(db, actor, token.id);
      flash(req, 'api.flash.revoked', { name: token.name });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      flash(req, err.messageKey, { name: token.name }, 'error');
    }
    res.redirect(303, '/api-tokens');
  });

  return r;
}
