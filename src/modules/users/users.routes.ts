// Accounts (admins only; the service checks the role and the organisation subtree).
import { Router, type Request, type Response } from 'express';
import type { Db } from '../../db/client.js';
import { ROLES } from '../../db/schema/users.js';
import { formPage, formRoute, type FormState } from '../../web/form-route.js';
import { paginate } from '../../web/pagination.js';
import { actorOf, flash, idParam, langOf } from '../../web/request.js';
import { entityHistory, inWords } from '../audit/audit.service.js';
import { userCreateForm, userEditForm } from './users.schemas.js';
import * as service from './users.service.js';

const PER_PAGE = 50;

export function usersRouter(db: Db): Router {
  const r = Router();

  const formLocals = (req: Request) => ({ roles: ROLES, organisations: service.selectableOrganisations(db, actorOf(req)) });

  const showLocals = (req: Request, res: Response, id: number) => {
    const actor = actorOf(req);
    const detail = service.userDetail(db, actor, id);
    const history = inWords(db, actor, entityHistory(db, actor, 'user', id, 20), langOf(res));
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

  const visible = (req: Request) => service.getUser(db, actorOf(req), idParam(req));

  /** The account form; the username is fixed once created. */
  const renderForm = (req: Request, res: Response, { values, errors, loaded: user }: FormState<service.PublicUser | null>) =>
    res.render('users/form', { ...formLocals(req), user, values: user ? { ...values, username: user.username } : values, errors });

  // "/new" before "/:id"; a new account's one-time password is shown straight away
  formPage(r, {
    page: '/new',
    action: '/',
    load: (): service.PublicUser | null => null,
    initial: (req) => ({ role: 'viewer', organisationId: String(actorOf(req).organisationId) }),
    form: userCreateForm,
    save: (req, data) => service.createUser(db, actorOf(req), data),
    done: (_req, res, { user, password }) => showPassword(res, user, password, true),
    render: renderForm,
  });

  formPage(r, {
    page: '/:id/edit',
    action: '/:id',
    load: visible,
    initial: (_req, user) => ({ ...user }),
    form: userEditForm,
    save: (req, data, user) => service.updateUser(db, actorOf(req), user.id, data),
    done: { flash: 'flash.saved', to: (_, _req, user) => `/users/${user.id}` },
    render: renderForm,
  });

  r.get('/:id', (req, res) => {
    res.render('users/show', showLocals(req, res, idParam(req)));
  });

  // The account actions below each need their confirmation box ticked; without it the page comes back
  // with the box marked (nothing is written). Refusals (e.g. one's own account) come back as a message.
  const action = <R>(path: string, form: string, save: (req: Request, id: number) => R | Promise<R>, done: (req: Request, res: Response, result: R) => void) =>
    r.post(`/:id/${path}`, formRoute({
      load: visible, // 404 before anything else
      form: () => null,
      confirm: 'v.confirm',
      save: (req, _data, user) => save(req, user.id),
      done,
      invalid: (req, res, { errors, loaded: user }) => res.render('users/show', { ...showLocals(req, res, user.id), errors: { [form]: errors.confirm } }),
      conflict: (_req, user) => `/users/${user.id}`,
    }));

  for (const [path, active, message] of [
    ['deactivate', false, 'user.flash.deactivated'],
    ['activate', true, 'user.flash.activated'],
  ] as const) {
    action(path, path, (req, id) => service.setActive(db, actorOf(req), id, active), (req, res, user) => {
      flash(req, message, { username: user.username });
      res.redirect(303, `/users/${user.id}`);
    });
  }

  action('reset-password', 'reset', (req, id) => service.resetPassword(db, actorOf(req), id), (_req, res, { user, password }) => showPassword(res, user, password, false));

  return r;
}
