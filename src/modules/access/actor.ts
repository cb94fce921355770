import type { Actor } from '../../domain/actor.js';
import { can, type Action } from '../../domain/permissions.js';
import { ForbiddenError } from '../../domain/errors.js';

export type { Actor };

export function assertCan(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(action);
}
