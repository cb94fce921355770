// Accounts (admins only; the service checks the role and the organisation subtree).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ROLES } from '../../db/schema/users.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { checkbox, fieldErrors } from '../../web/forms.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, body, flash, idParam } from '../../web/request.js';
import { entityHistory } from '../audit/audit.service.js';
import { userCreateForm, userEditForm } from './users.schemas.js';
import * as service from './users.service.js';

const PER_PAGE = 50;

export function usersRouter(db: Db): Router {
  const r = Router();

  const formLocals = (req: Request) => ({ roles: ROLES, organisations: service.selectableOrganisations(db, actorOf(req)) });

  const showLocals = (req: Request, id: number) => {
    const actor = actorOf(req);
    const detail = service.userDetail(db, actor, id);
    const history = entityHistory(db, actor, 'user', id, 20);
    return { ...detail, history, errors: {} as Record<string, string> };
  };

  /** The one-time password page: rendered straight from the POST, never stored, never cached. */
  const showPassword = (res: Response, user: service.PublicUser, password: string, created: boolean) => {
    res.set('Cache-Control', 'no-store');
    res.status(created ? 201 : 200).render('users/password', { user, password, created });
  };

  r.get('/', (req, res) => {
    const items = service.listUsers(db, actorOf(req));
    const page = paginate(req.query.page, items.length, PER_PAGE);
    res.render('users/index', { items: items.slice(page.offset, page.offset + page.perPage), page });
  });

  // "/new" before "/:id"
  r.get('/new', (req, res) => {
    const values = { role: 'viewer', organisationId: String(actorOf(req).organisationId) };
    res.render('users/form', { ...formLocals(req), user: null, values, errors: {} });
  });

  r.post('/', async (req, res) => {
    const actor = actorOf(req);
    const values = body(req);
    const parsed = userCreateForm.safeParse(values);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      const { user, password } = await service.createUser(db, actor, parsed.data);
      showPassword(res, user, password, true);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('users/form', { ...formLocals(req), user: null, values, errors: err.fields });
    }
  });

  r.get('/:id', (req, res) => {
    res.render('users/show', showLocals(req, idParam(req)));
  });

  r.get('/:id/edit', (req, res) => {
    const user = service.getUser(db, actorOf(req), idParam(req));
    res.render('users/form', { ...formLocals(req), user, values: user, errors: {} });
  });

  r.post('/:id', (req, res) => {
    const actor = actorOf(req);
    const user = service.getUser(db, actor, idParam(req));
    const values = body(req);
    const parsed = userEditForm.safeParse(values);
    try {
      if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error));
      service.updateUser(db, actor, user.id, parsed.data);
      flash(req, 'flash.saved');
      res.redirect(303, `/users/${user.id}`);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(422).render('users/form', { ...formLocals(req), user, values: { ...values, username: user.username }, errors: err.fields });
    }
  });

  // The account actions below each need their confirmation box ticked; without it the page comes back
  // with the box marked (nothing is written). Refusals (e.g. one's own account) come back as a message.
  const confirmed = (req: Request, res: Response, id: number, form: string): boolean => {
    if (checkbox.parse(body(req).confirm)) return true;
    const locals = showLocals(req, id);
    res.status(422).render('users/show', { ...locals, errors: { [form]: 'user.v.confirm' } });
    return false;
  };

  const refused = (req: Request, res: Response, id: number, err: unknown): void => {
    if (!(err instanceof ConflictError)) throw err;
    flash(req, err.messageKey, err.params, 'error');
    res.redirect(303, `/users/${id}`);
  };

  for (const [path, active, message] of [
    ['deactivate', false, 'user.flash.deactivated'],
    ['activate', true, 'user.flash.activated'],
  ] as const) {
    r.post(`/:id/${path}`, (req, res) => {
      const id = idParam(req);
      service.getUser(db, actorOf(req), id); // 404 before anything else
      if (!confirmed(req, res, id, path)) return;
      try {
        const user = service.setActive(db, actorOf(req), id, active);
        flash(req, message, { username: user.username });
        res.redirect(303, `/users/${id}`);
      } catch (err) {
        refused(req, res, id, err);
      }
    });
  }

  r.post('/:id/reset-password', async (req, res) => {
    const id = idParam(req);
    service.getUser(db, actorOf(req), id);
    if (!confirmed(req, res, id, 'reset')) return;
    try {
      const { user, password } = await service.resetPassword(db, actorOf(req), id);
      showPassword(res, user, password, false);
    } catch (err) {
      refused(req, res, id, err);
    }
  });

  return r;
}
