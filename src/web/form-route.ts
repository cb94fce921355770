// The one way a form is handled: read it, write, then a 303 with a flash (or the route's own page).
// A form that does not hold (zod's field messages, a ValidationError from the service, a confirmation
// box left unticked) comes back with the user's values and one message per field, status 422, and
// nothing is written. Field builders and their messages are in ./forms.ts.
import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { ConflictError, ValidationError, type FieldErrors } from '../domain/errors.js';
import { checkbox, parseForm } from './forms.js';
import { body, flash } from './request.js';

export type FormValues = Record<string, unknown>;

/** What a form page shows: the values (as typed, or the starting ones), a message per field, and what `load` found. */
export interface FormState<L> {
  values: FormValues;
  errors: FieldErrors;
  loaded: L;
  /** after a failed POST: what was thrown (a ValidationError, or the error `refusal` turned into field errors) */
  error?: unknown;
}

type Message<R, L> = string | ((result: R, loaded: L) => { key: string; params?: Record<string, string | number> });

export interface FormRoute<L, T, R> {
  /** Runs before the body is read: who may write, and a 403 or 404 for a record they may not see. */
  load?: (req: Request) => L;
  /** The body's data: a zod schema, or a function that returns it or throws a ValidationError. */
  form: z.ZodType<T> | ((values: FormValues, req: Request, loaded: L) => T);
  /**
   * A destructive or irreversible action: the message shown on the `confirm` field when its box is not
   * ticked (a function: the message when this submission needs one, else null). The server checks it;
   * the browser's `required` is only a convenience.
   */
  confirm?: string | ((values: FormValues, loaded: L) => string | null);
  /** The write; a service refuses with ValidationError (field messages) or ConflictError. */
  save: (req: Request, data: T, loaded: L) => R | Promise<R>;
  /** After the write: a flash and where to go (303), or a page of its own (a one-time secret). */
  done: { flash: Message<R, L>; to: (result: R, req: Request, loaded: L) => string } | ((req: Request, res: Response, result: R, loaded: L) => void);
  /** The form again, with `failure.values` and `failure.errors`; the status is already 422. */
  invalid: (req: Request, res: Response, failure: FormState<L>) => void;
  /** Another error of `save` that is the form's fault: its field messages, or null to let it through. */
  refusal?: (err: unknown) => FieldErrors | null;
  /** Where a ConflictError of `save` goes: a 303 there with its message as an error flash. */
  conflict?: (req: Request, loaded: L) => string;
}

/** The form's data, or a ValidationError with every field's message (the confirmation's included). */
function read<L, T, R>(spec: FormRoute<L, T, R>, values: FormValues, req: Request, loaded: L): T {
  let data: T | undefined;
  let errors: FieldErrors = {};
  try {
    data = typeof spec.form === 'function' ? spec.form(values, req, loaded) : parseForm(spec.form, values);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    errors = err.fields;
  }
  const confirm = typeof spec.confirm === 'function' ? spec.confirm(values, loaded) : spec.confirm;
  if (confirm && checkbox.safeParse(values.confirm).data !== true) errors = { ...errors, confirm };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return data as T;
}

export function formRoute<L = undefined, T = unknown, R = unknown>(spec: FormRoute<L, T, R>): RequestHandler {
  return async (req, res) => {
    const loaded = spec.load ? spec.load(req) : (undefined as L);
    const values = body(req);
    let result: R;
    try {
      result = await spec.save(req, read(spec, values, req, loaded), loaded);
    } catch (err) {
      if (err instanceof ConflictError && spec.conflict) {
        flash(req, err.messageKey, err.params, 'error');
        return res.redirect(303, spec.conflict(req, loaded));
      }
      const errors = err instanceof ValidationError ? err.fields : spec.refusal?.(err);
      if (!errors) throw err;
      res.status(422);
      return spec.invalid(req, res, { values, errors, loaded, error: err });
    }
    const { done } = spec;
    if (typeof done === 'function') return done(req, res, result, loaded);
    const message = typeof done.flash === 'string' ? { key: done.flash } : done.flash(result, loaded);
    flash(req, message.key, message.params);
    res.redirect(303, done.to(result, req, loaded));
  };
}

/** A form on a page of its own: GET `page` shows it with the starting values, POST `action` handles it. */
export interface FormPage<L, T, R> extends Omit<FormRoute<L, T, R>, 'invalid'> {
  page: string;
  action: string;
  /** The values the form starts with. */
  initial: (req: Request, loaded: L) => FormValues;
  /** The form: with the starting values (200), or again after a failed POST (422, the status already set). */
  render: (req: Request, res: Response, state: FormState<L>) => void;
}

export function formPage<L = undefined, T = unknown, R = unknown>(r: Router, spec: FormPage<L, T, R>): void {
  r.get(spec.page, (req, res) => {
    const loaded = spec.load ? spec.load(req) : (undefined as L);
    spec.render(req, res, { values: spec.initial(req, loaded), errors: {}, loaded });
  });
  r.post(spec.action, formRoute({ ...spec, invalid: spec.render }));
}

/**
 * The new and edit forms of one kind of record: GET /new and POST /, GET /:id/edit and POST /:id.
 * Register before "/:id" (so that "/new" is not taken for an id).
 */
export interface RecordForms<Row, T, R> {
  /**
   * Who may use the forms at all (403): for a new record before anything else, for an existing one once
   * `find` has found it (a record out of the user's scope is a 404 first). The GET of each form answers
   * exactly as its POST would, so no one is shown a form they cannot send.
   */
  guard?: (req: Request) => void;
  /** The record of "/:id": 404 when the actor may not see it, 409 when it may no longer change. */
  find: (req: Request) => Row;
  initial: (req: Request, row: Row | null) => FormValues;
  form: z.ZodType<T>;
  create: (req: Request, data: T) => R;
  update: (req: Request, row: Row, data: T) => R;
  /** Where the saved record is shown. */
  to: (saved: R) => string;
  render: (req: Request, res: Response, state: FormState<Row | null>) => void;
}

export function recordForms<Row, T, R>(r: Router, spec: RecordForms<Row, T, R>): void {
  const loadNew = (req: Request): Row | null => {
    spec.guard?.(req);
    return null;
  };
  const loadExisting = (req: Request): Row | null => {
    const row = spec.find(req);
    spec.guard?.(req);
    return row;
  };
  for (const [page, action, load] of [['/new', '/', loadNew], ['/:id/edit', '/:id', loadExisting]] as const) {
    formPage(r, {
      page, action,
      load,
      initial: spec.initial,
      form: spec.form,
      save: (req, data, row) => (row === null ? spec.create(req, data) : spec.update(req, row, data)),
      done: { flash: (_, row) => ({ key: row === null ? 'flash.created' : 'flash.saved' }), to: spec.to },
      render: spec.render,
    });
  }
}
