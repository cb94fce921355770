// Errors the services throw. Only src/web/errors.ts turns them into HTTP responses.
export type FieldErrors = Record<string, string>; // field → i18n key

export class NotFoundError extends Error {
  constructor(what = 'resource') {
    super(`${what} not found`);
  }
}

export class ForbiddenError extends Error {
  constructor(
    message = 'forbidden',
    /** the input that asked for what is not allowed (e.g. an organisation filter), when there is one */
    public readonly field?: string,
  ) {
    super(message);
  }
}

/** A write that conflicts with existing data; `messageKey` is the i18n key shown to the user. */
export class ConflictError extends Error {
  constructor(
    public readonly messageKey: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
  }
}

/** Input that passed the form schema but breaks a business rule; carries per-field messages. */
export class ValidationError extends Error {
  constructor(public readonly fields: FieldErrors) {
    super('validation failed');
  }
}
