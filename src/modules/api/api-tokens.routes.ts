// /api-tokens: admins create and revoke the API's bearer tokens for organisations of their subtree.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import type { FieldErrors } from '../../domain/errors.js';
import type { EngineConfig } from '../../domain/rules/index.js';
import { formRoute } from '../../web/form-route.js';
import { reqId, reqText } from '../../web/forms.js';
import { actorOf, idParam } from '../../web/request.js';
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

  /** The list and the new-token form; `revoke` names the token whose revocation came back unconfirmed. */
  const renderIndex = (req: Request, res: Response, values: Record<string, unknown> = {}, errors: FieldErrors = {}, revoke: { id: number; error: string } | null = null) => {
    const actor = actorOf(req);
    res.render('api-tokens/index', {
      items: service.listTokens(db, actor),
      organisations: organisationTree(db, actor),
      values: { organisationId: actor.organisationId, ...values },
      errors,
      revoke,
    });
  };

  r.get('/', (req, res) => renderIndex(req, res));

  // The token is shown once, straight from the POST; only its hash is stored, so it can never be shown again.
  r.post('/', formRoute({
    form: tokenForm,
    save: (req, data) => service.createToken(db, actorOf(req), data),
    done: (req, res, { row, token }) => {
      const host = req.get('host');
      res.set('Cache-Control', 'no-store');
      res.status(201).render('api-tokens/created', { row, token, base: host ? `${req.protocol}://${host}` : '' });
    },
    invalid: (req, res, { values, errors }) => renderIndex(req, res, values, errors),
  }));

  r.post('/:id/revoke', formRoute({
    load: (req) => service.getToken(db, actorOf(req), idParam(req)), // 404 outside the subtree, before anything else
    form: () => null,
    confirm: 'v.confirm',
    save: (req, _data, token) => service.revokeToken(db, actorOf(req), token.id),
    done: { flash: (token) => ({ key: 'api.flash.revoked', params: { name: token.name } }), to: () => '/api-tokens' },
    invalid: (req, res, { errors, loaded: token }) => renderIndex(req, res, {}, {}, { id: token.id, error: errors.confirm ?? 'v.confirm' }),
    conflict: () => '/api-tokens',
  }));

  return r;
}
