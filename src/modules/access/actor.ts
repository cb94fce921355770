import type { Role } from '../../db/schema/users.js';
import { can, type Action } from '../../domain/permissions.js';
import { ForbiddenError } from '../../domain/errors.js';

/** The signed-in user as the services see it: who, which role, and the organisations they may see. */
export interface Actor {
  readonly id: number;
  readonly username: string;
  readonly fullName: string;
  readonly role: Role;
  readonly organisationId: number;
  /** The actor's organisation and everything below it. */
  readonly scope: ReadonlySet<number>;
  /** The actor's organisation's ancestors. */
  readonly ancestors: ReadonlySet<number>;
  /** Everything under the actor's top-level organisation (the province or ministry): the organisations
   * a unit may name as a system's owner or security unit, e.g. a sibling department. */
  readonly reach: ReadonlySet<number>;
  readonly ip?: string;
}

export function assertCan(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(action);
}
